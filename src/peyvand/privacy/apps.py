from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "peyvand.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from peyvand.privacy import checks  # noqa: F401  (registers the check)
