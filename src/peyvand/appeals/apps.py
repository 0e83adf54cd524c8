from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "peyvand.appeals"
    label = "appeals"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Collective appeals")
