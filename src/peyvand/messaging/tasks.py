"""Background jobs of the messaging app."""

from __future__ import annotations

from django_tasks import task

from peyvand.messaging.delivery import deliver_notice


@task()
def send_notice_task(recipient: str, subject: str, body: str) -> None:
    """Send one e-mail notice (queued so that a slow mail server never slows a page); the
    recipient is "user:<id>" or "person:<id>", never an address."""
    deliver_notice(recipient, subject, body)
