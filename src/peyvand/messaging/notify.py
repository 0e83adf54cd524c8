"""E-mail notices. They say only that something is waiting: never a name, place or message text,
since a mailbox may be read by others."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.people.models import ContactKind, Person
from peyvand.tracing.models import Registration, TracingRequest


def _email_of(person: Person, account_email: str = "") -> str:
    if account_email:
        return account_email
    contact = person.contacts.filter(kind=ContactKind.EMAIL).first()
    return contact.value if contact is not None else ""


def _send_later(address: str, subject: str, body: str) -> None:
    if not address:
        return
    from peyvand.messaging.tasks import send_notice_task

    transaction.on_commit(lambda: send_notice_task.enqueue(address, subject, body))


def _notify_registered(registration: Registration, subject: str, body: str) -> None:
    """Queue a notice to a registered person, in their language (Persian when unknown)."""
    user = registration.user
    with translation.override(user.language if user is not None and user.language else "fa"):
        _send_later(
            _email_of(registration.person, user.email if user is not None else ""),
            _(subject),
            _(body),
        )


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
        _send_later(
            _email_of(tracing_request.seeker, user.email if user is not None else ""),
            _("Peyvand: a new message"),
            _(
                "A new message is waiting for you. Open the track page with your reference code "
                "and passphrase to read it."
            ),
        )


def deliver_notice(address: str, subject: str, body: str) -> None:
    """Send one notice now through the configured mail backend (SMTP in production)."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
