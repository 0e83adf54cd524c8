from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "peyvand.consent"
    label = "consent"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Consent")
