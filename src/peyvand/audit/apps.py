from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from peyvand.audit.guard import register_sqlite_function


class AuditConfig(AppConfig):
    name = "peyvand.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # The SQLite triggers of migration 0005 call this function; see peyvand/audit/guard.py.
        connection_created.connect(register_sqlite_function, dispatch_uid="peyvand-audit-guard")
