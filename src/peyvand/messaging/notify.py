"""E-mail notices. They say only that something is waiting: never a name, place or message text,
since a mailbox may be read by others."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.messaging.delivery import recipient_of
from peyvand.messaging.tasks import send_notice_task
from peyvand.tracing.models import Registration, TracingRequest


def send_later(recipient: str, subject: str, body: str) -> None:
    """Queue one notice after commit (see ``delivery.address_of`` for why no address is queued)."""
    transaction.on_commit(lambda: send_notice_task.enqueue(recipient, subject, body))


def _notify_registered(registration: Registration, subject: str, body: str) -> None:
    """Queue a notice to a registered person, in their language (Persian when unknown)."""
    user = registration.user
    with translation.override(user.language if user is not None and user.language else "fa"):
        send_later(recipient_of(registration.person, user), _(subject), _(body))


def notify_decision_requested(registration: Registration) -> None:
    """Tell a registered person that a question is waiting for them in Peyvand."""
    _notify_registered(
        registration,
        gettext_noop("Peyvand: a question is waiting for you"),
        gettext_noop(
            "Please sign in to Peyvand. A question is waiting for you; only you can answer it."
        ),
    )


def notify_message_waiting_for_sought(registration: Registration) -> None:
    """Tell the sought person that a relayed message is waiting."""
    _notify_registered(
        registration,
        gettext_noop("Peyvand: a new message"),
        gettext_noop("A new message is waiting for you. Please sign in to Peyvand to read it."),
    )


def notify_message_waiting_for_seeker(tracing_request: TracingRequest) -> None:
    """Tell the seeker that a relayed message is waiting on their track page."""
    user = tracing_request.seeker_user
    with translation.override("fa"):
        send_later(
            recipient_of(tracing_request.seeker, user),
            _("Peyvand: a new message"),
            _(
                "A new message is waiting for you. Open the track page with your reference code "
                "and passphrase to read it."
            ),
        )
