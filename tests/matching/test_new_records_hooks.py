"""Tracing hands new records to matching through hooks matching registers at start-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured

from conftest import World
from peyvand.matching.engine import index_registrations, index_requests
from peyvand.matching.new_records import MATCHING_HOOKS
from peyvand.matching.tasks import match_registration_task, match_request_task
from peyvand.tracing import queue


@pytest.fixture
def no_matching() -> Iterator[None]:
    registered = queue.matching_hooks()
    queue._hooks.clear()
    try:
        yield
    finally:
        queue.register_matching(registered)


def test_matching_registers_its_engine_at_start_up() -> None:
    hooks = queue.matching_hooks()
    assert hooks is MATCHING_HOOKS
    assert hooks.index_requests is index_requests
    assert hooks.index_registrations is index_registrations
    assert hooks.match_request == match_request_task.enqueue
    assert hooks.match_registration == match_registration_task.enqueue


@pytest.mark.django_db
def test_without_matching_a_submission_fails_loudly(world: World, no_matching: None) -> None:
    with pytest.raises(ImproperlyConfigured, match="new records cannot be matched"):
        queue.queue_matching(request_ids=[world.request_a.pk])
