from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "peyvand.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Matching")
