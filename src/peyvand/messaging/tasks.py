"""Background jobs of the messaging app."""

from __future__ import annotations

from django_tasks import task

from peyvand.messaging.notify import deliver_notice


@task()
def send_notice_task(address: str, subject: str, body: str) -> None:
    """Send one e-mail notice (queued so that a slow mail server never slows a page)."""
    deliver_notice(address, subject, body)
