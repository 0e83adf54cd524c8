"""Deadline reminders fire once per deadline: run twice, run concurrently, run by a worker that
read the due list before another worker sent it. The e-mail goes through a real SMTP server and
says nothing about the people."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from email.message import Message as EmailMessage
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from visits_support import planned_visit

from conftest import World
from peyvand.tracing.services import assign_case
from peyvand.visits.models import Decision, Reminder
from peyvand.visits.reminders import due_applications, send_due_reminders, send_reminder
from peyvand.visits.services import cancel_visit, record_decision, set_deadline
from peyvand.visits.tasks import send_due_reminders_task
from smtp_inbox import Inbox, local_smtp

TODAY = datetime.date.today()
SOON = TODAY + datetime.timedelta(days=3)


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    settings.PEYVAND_VISIT_REMINDER_DAYS = 7
    with local_smtp(settings) as received:
        yield received


def _assigned(world: World) -> None:
    world.caseworker_a.email = "caseworker-a@agency-a.example.org"
    world.caseworker_a.save()
    assign_case(world.supervisor_a, world.case_a, world.caseworker_a)


def _remind(*args: str) -> str:
    out = StringIO()
    call_command("visits", "remind", *args, stdout=out)
    return out.getvalue().strip()


def _body(message: EmailMessage) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


@pytest.mark.django_db(transaction=True)
def test_running_the_command_twice_sends_one_neutral_email(world: World, inbox: Inbox) -> None:
    _assigned(world)
    _visit, visa, _document = planned_visit(world, deadline=SOON)
    assert _remind() == "1 reminders sent"
    assert _remind() == "0 reminders sent"
    assert Reminder.objects.count() == 1
    assert len(inbox.received) == 1
    recipients, message = inbox.received[0]
    assert recipients == ["caseworker-a@agency-a.example.org"]
    body = _body(message)
    assert f"Case {world.case_a.pk}" in body and SOON.isoformat() in body
    for private in ("Embassy", "Tehran", "خدابنده", "Documents to the embassy"):
        assert private not in body and private not in str(message["Subject"])
    reminder = Reminder.objects.get()
    assert (reminder.application, reminder.deadline) == (visa, SOON)
    assert reminder.recipient == world.caseworker_a


@pytest.mark.django_db(transaction=True)
def test_a_reminder_waits_for_its_window_and_a_moved_deadline_gets_its_own(
    world: World, inbox: Inbox
) -> None:
    _assigned(world)
    later = TODAY + datetime.timedelta(days=20)
    _visit, visa, _document = planned_visit(world, deadline=later)
    assert _remind() == "0 reminders sent"
    assert _remind("--today", (later - datetime.timedelta(days=7)).isoformat()) == (
        "1 reminders sent"
    )
    set_deadline(world.caseworker_a, visa, SOON, "Documents to the embassy")
    assert _remind() == "1 reminders sent"
    assert _remind() == "0 reminders sent"
    assert sorted(Reminder.objects.values_list("deadline", flat=True)) == [SOON, later]
    assert len(inbox.received) == 2


@pytest.mark.django_db(transaction=True)
def test_decided_applications_and_cancelled_visits_are_not_reminded(
    world: World, inbox: Inbox
) -> None:
    _assigned(world)
    visit, visa, document = planned_visit(world, deadline=SOON)
    set_deadline(world.caseworker_a, document, SOON, "Biometrics")
    record_decision(world.caseworker_a, visa, Decision.APPROVED, TODAY)
    assert list(due_applications()) == [document]
    cancel_visit(world.caseworker_a, visit, "The family postponed")
    assert _remind() == "0 reminders sent"
    assert inbox.received == []


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_read_the_due_list_late_sends_nothing(world: World, inbox: Inbox) -> None:
    """Two workers read the same due list; the second claims after the first committed."""
    _assigned(world)
    planned_visit(world, deadline=SOON)
    first_list = list(due_applications())
    second_list = list(due_applications())
    assert len(first_list) == len(second_list) == 1
    assert send_reminder(first_list[0]) is not None
    assert send_reminder(second_list[0]) is None
    assert Reminder.objects.count() == 1
    assert len(inbox.received) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(world: World, inbox: Inbox) -> None:
    _assigned(world)
    _visit, _visa, document = planned_visit(world, deadline=SOON)
    set_deadline(world.caseworker_a, document, SOON, "Biometrics")
    start = threading.Barrier(3)  # PostgreSQL: three workers claim at the same moment
    sent: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            sent.append(len(send_due_reminders()))
        except BaseException as exc:  # reported below, with the thread's result
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor != "postgresql":
        # SQLite serialises writers (its in-memory test database refuses a second one outright):
        # the runs go in turn; the interleaving that matters is the stale-list test above.
        sent.extend(len(send_due_reminders()) for _ in range(3))
    else:
        workers = [threading.Thread(target=run) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert errors == []
    assert sum(sent) == 2
    assert Reminder.objects.count() == 2
    assert len(inbox.received) == 2


@pytest.mark.django_db(transaction=True)
def test_the_background_task_sends_and_the_queue_shows_the_reminder(
    world: World, inbox: Inbox
) -> None:
    _assigned(world)
    planned_visit(world, deadline=SOON)
    client = world.client_for("caseworker_a")
    before = client.get(reverse("visit_deadlines")).content.decode()
    assert "Reminder sent" not in before and "Documents to the embassy" in before
    result = send_due_reminders_task.enqueue()
    assert result.return_value == 1
    after = client.get(reverse("visit_deadlines")).content.decode()
    assert "Reminder sent" in after
    assert len(inbox.received) == 1
