"""Queued e-mail never carries an address in clear, and a password-reset request queues the same
kind of task whether or not an account has the address (the lookup runs in the task)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import World
from pair_support import confirmed_pair
from peyvand.actions.decisions import ask_sought_person
from peyvand.people.models import ContactKind

RESET = "/accounts/password-reset/"


@pytest.fixture(autouse=True)
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def empty_queue(world: World) -> None:
    # The world's requests and registrations queued their matching; this file looks at mail.
    DBTaskResult.objects.all().delete()


def run_queued_tasks() -> None:
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)


def stored_arguments() -> list[str]:
    return [json.dumps(row.args_kwargs) for row in DBTaskResult.objects.order_by("enqueued_at")]


@pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as served
def test_reset_for_a_known_and_an_unknown_address_queues_alike_and_answers_alike(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.caseworker_a.email = "cw@example.org"
    world.caseworker_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(RESET, {"email": "cw@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = Client().post(RESET, {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.task_path for row in rows] == [
        "peyvand.accounts.tasks.send_password_reset_task"
    ] * 2
    sealed = [row.args_kwargs["args"][0] for row in rows]
    assert all(value.startswith("pv1:") for value in sealed)
    assert len({len(value) for value in sealed}) == 1  # same-length addresses, same-length seals
    assert [row.args_kwargs["args"][1:] for row in rows] == [["testserver", False]] * 2
    for text in stored_arguments():
        assert "@" not in text and "example.org" not in text

    run_queued_tasks()

    assert [message.to for message in mail.outbox] == [["cw@example.org"]]
    assert {row.status for row in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    assert stored_arguments() == ['{"args": [], "kwargs": {}}'] * 2


@pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as served
def test_a_notice_is_queued_without_its_address_and_forgets_its_arguments_once_sent(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.registrant.email = "sought@example.org"
    world.registrant.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        ask_sought_person(world.caseworker_a, confirmed_pair(world), "app")

    [queued] = stored_arguments()
    assert "sought@example.org" not in queued and "@" not in queued

    run_queued_tasks()

    assert [message.to for message in mail.outbox] == [["sought@example.org"]]
    assert stored_arguments() == ['{"args": [], "kwargs": {}}']


@pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as served
def test_a_notice_goes_to_the_address_held_when_it_is_sent(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # The person's own contact address; removed before the worker runs: nothing goes out.
    world.registration_a.person.contacts.create(kind=ContactKind.EMAIL, value="old@example.org")
    world.registrant.email = ""
    world.registrant.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        ask_sought_person(world.caseworker_a, confirmed_pair(world), "app")
    world.registration_a.person.contacts.filter(kind=ContactKind.EMAIL).delete()

    run_queued_tasks()

    assert mail.outbox == []
    assert "@" not in stored_arguments()[0]
