"""Starting a full batch re-link from the staff UI; the runner itself is ``matching.relink``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import Role, User
from peyvand.audit.services import record_event
from peyvand.matching.models import RelinkRun, RunStatus
from peyvand.matching.tasks import relink_task

ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


def start_relink(actor: User) -> RelinkRun:
    """Create a re-link run and queue it once the transaction commits. One run at a time."""
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise ValidationError(_("Only a supervisor or an administrator can start a re-link."))
    with transaction.atomic():
        if RelinkRun.objects.filter(status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(_("A re-link is already queued or running."))
        run = RelinkRun.objects.create(started_by=actor)
        record_event(actor, "relink.started", run)
        transaction.on_commit(lambda: relink_task.enqueue(run.pk))
    return run


def open_cli_run() -> RelinkRun:
    """A run started from the command line by whoever operates the server; run it in-process."""
    with transaction.atomic():
        if RelinkRun.objects.filter(status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(_("A re-link is already queued or running."))
        run = RelinkRun.objects.create()
        record_event(None, "relink.started", run, details={"via": "cli"})
    return run
