from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "peyvand.letters"
    label = "letters"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Letters")
