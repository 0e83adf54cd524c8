from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peyvand.tracing.queue import register_matching


class MatchingConfig(AppConfig):
    name = "peyvand.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Tracing, below matching, declares the hooks it calls when records are submitted; the
        # models are loaded only now, so the engine is imported here (as Django asks of ready).
        from peyvand.matching.new_records import MATCHING_HOOKS

        register_matching(MATCHING_HOOKS)
