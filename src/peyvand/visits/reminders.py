"""Deadline reminders: each (application, deadline) is reminded once, by e-mail to the case's
caseworker and on the staff deadlines page, however often or concurrently the job runs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.core.dates import to_jalali_text
from peyvand.messaging.delivery import USER
from peyvand.messaging.notify import send_later
from peyvand.visits.models import Decision, Reminder, TravelApplication
from peyvand.visits.services import OPEN_VISIT_STATES


def open_deadline_rows() -> QuerySet[TravelApplication]:
    """Applications still waiting, with a deadline, on visits not over or cancelled."""
    return TravelApplication.objects.filter(
        decision=Decision.PENDING,
        deadline__isnull=False,
        visit__status__in=OPEN_VISIT_STATES,
    )


def due_applications(today: datetime.date | None = None) -> QuerySet[TravelApplication]:
    """Open deadlines within the reminder window and not reminded yet for that deadline."""
    today = today or timezone.localdate()
    window = datetime.timedelta(days=settings.PEYVAND_VISIT_REMINDER_DAYS)
    reminded = Reminder.objects.filter(application=OuterRef("pk"), deadline=OuterRef("deadline"))
    return (
        open_deadline_rows()
        .filter(deadline__gte=today, deadline__lte=today + window)
        .filter(~Exists(reminded))
        .select_related("visit__case__assigned_to", "visit__created_by")
        .order_by("deadline", "id")
    )


def recipient_of(application: TravelApplication) -> User | None:
    """The case's assigned caseworker, else whoever planned the visit."""
    return application.visit.case.assigned_to or application.visit.created_by


def send_reminder(application: TravelApplication) -> Reminder | None:
    """Claim the reminder for the application's current deadline and queue its e-mail.

    The claim is the insert: the unique (application, deadline) constraint lets exactly one
    worker win; a worker that lost the race (its list of due applications was read before the
    winner committed) gets None and sends nothing.
    """
    assert application.deadline is not None
    recipient = recipient_of(application)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                application=application,
                deadline=application.deadline,
                recipient=recipient,
                sent_at=timezone.now(),
            )
            record_event(
                None,
                "visit.reminder_sent",
                reminder,
                label="peyvand visits remind",
                details={
                    "application": application.pk,
                    "deadline": application.deadline.isoformat(),
                    "recipient": recipient.pk if recipient else None,
                },
            )
            _queue_mail(recipient, application)
    except IntegrityError:
        return None
    return reminder


def send_due_reminders(today: datetime.date | None = None) -> list[Reminder]:
    """Send every reminder now due; returns those this call sent."""
    sent = []
    for application in due_applications(today):
        reminder = send_reminder(application)
        if reminder is not None:
            sent.append(reminder)
    return sent


def _queue_mail(recipient: User | None, application: TravelApplication) -> None:
    """Queue the e-mail after commit. It names the case number, the kind and the date only:
    a mailbox may be read by others, so no names, places or authorities."""
    if recipient is None or not recipient.email:
        return
    assert application.deadline is not None
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        when = (
            to_jalali_text(application.deadline, language)
            if language == "fa"
            else application.deadline.isoformat()
        )
        subject = _("Peyvand: a deadline is near")
        body = _(
            "Case %(case)s: the deadline of an application (%(kind)s) is on %(date)s. "
            "Sign in to Peyvand and open the deadlines page to see it."
        ) % {
            "case": application.visit.case_id,
            "kind": application.get_kind_display(),
            "date": when,
        }
    send_later(f"{USER}:{recipient.pk}", subject, body)
