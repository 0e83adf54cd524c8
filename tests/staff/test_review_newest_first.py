"""Issue 15, item 2: a candidate the engine just proposed is found without paging to the end."""

from __future__ import annotations

import re

import pytest
from staff_setup import add_request_and_registration, make_pair

from conftest import World


@pytest.mark.django_db
def test_the_review_queue_can_list_the_newest_candidates_first(world: World) -> None:
    for index in range(55):
        tracing_request, registration = add_request_and_registration(world, index)
        make_pair(tracing_request, registration, probability=0.99)
    newest = make_pair(world.request_a, world.registration_a, probability=0.51)
    link = f"/staff/pairs/{newest.pk}/"
    client = world.client_for("caseworker_a")
    by_probability = client.get("/staff/", {"tab": "review"}).content.decode()
    assert link not in by_probability and "Page 1 of 2" in by_probability
    first = client.get("/staff/", {"tab": "review", "order": "newest"}).content.decode()
    assert re.findall(r"/staff/pairs/\d+/", first)[0] == link
    assert "?tab=review&amp;order=newest&amp;page=2" in first
    second = client.get("/staff/", {"tab": "review", "order": "newest", "page": "2"})
    assert "Page 2 of 2" in second.content.decode()
