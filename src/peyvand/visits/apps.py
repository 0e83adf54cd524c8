from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "peyvand.visits"
    label = "visits"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Visits")
