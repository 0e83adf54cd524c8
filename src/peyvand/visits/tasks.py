"""Background jobs of the visits app."""

from __future__ import annotations

from django_tasks import task

from peyvand.visits.reminders import send_due_reminders


@task()
def send_due_reminders_task() -> int:
    """Send the deadline reminders now due (safe to run twice or concurrently); how many went."""
    return len(send_due_reminders())
