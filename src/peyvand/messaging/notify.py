"""E-mail notices. They say only that something is waiting: never a name, place or message text,
since a mailbox may be read by others."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import User
from peyvand.people.models import ContactDetail, ContactKind, Person
from peyvand.tracing.models import Registration, TracingRequest

# A queued notice names its recipient ("user:<id>" or "person:<id>"), never an address: the task
# reads the address when it sends, so the task table holds no e-mail address, and a person erased
# or an address removed before the notice goes out gets nothing.
USER, PERSON = "user", "person"


def recipient_of(person: Person, account: User | None) -> str:
    """Who a notice goes to: the account's address when it has one, else the person's own."""
    if account is not None and account.email:
        return f"{USER}:{account.pk}"
    return f"{PERSON}:{person.pk}"


def address_of(recipient: str) -> str:
    """The e-mail address a recipient has now ("" when none, or when the record is gone)."""
    kind, _sep, raw_id = recipient.partition(":")
    if not raw_id.isdigit():
        return ""
    if kind == USER:
        account = User.objects.filter(pk=int(raw_id), is_active=True).first()
        return account.email if account is not None else ""
    if kind == PERSON:
        contact = ContactDetail.objects.filter(
            person_id=int(raw_id), kind=ContactKind.EMAIL
        ).first()
        return contact.value if contact is not None else ""
    return ""


def send_later(recipient: str, subject: str, body: str) -> None:
    """Queue one notice after commit (see :func:`address_of` for why no address is queued)."""
    from peyvand.messaging.tasks import send_notice_task

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


def deliver_notice(recipient: str, subject: str, body: str) -> None:
    """Send one notice now through the configured mail backend (SMTP in production), to the
    address the recipient has at this moment; nothing when they have none."""
    address = address_of(recipient)
    if not address:
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
