"""Who a notice goes to and sending it: a queued notice names its recipient, the address is
read only when it is sent (``peyvand.messaging.notify`` decides what is sent, and when)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from peyvand.accounts.models import User
from peyvand.people.models import ContactDetail, ContactKind, Person

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


def deliver_notice(recipient: str, subject: str, body: str) -> None:
    """Send one notice now through the configured mail backend (SMTP in production), to the
    address the recipient has at this moment; nothing when they have none."""
    address = address_of(recipient)
    if not address:
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
