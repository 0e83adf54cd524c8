from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "peyvand.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Interop")
