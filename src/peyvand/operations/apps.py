from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The commands an operator runs: ``serve``, ``backup``, ``restore``, ``keys``. They sit above
    ``audit`` because each records what it did in the trail; their logic is in ``core``."""

    name = "peyvand.operations"
    label = "operations"
    verbose_name = _("Operations")
