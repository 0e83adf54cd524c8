from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "peyvand.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("People")
