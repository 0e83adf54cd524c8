from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "peyvand.tracing"
    label = "tracing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Tracing")
