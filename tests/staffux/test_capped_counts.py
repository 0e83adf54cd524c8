"""Staff lists count no further than a cap, so a queue page costs the same at any registry size.

At 100,000 persons the staff queue counted 13,511 pairs and 17,369 open cases of an agency on
every visit; the counts now stop at ``COUNT_CAP`` and print as "1000+".
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, sought_person
from peyvand.core import paging
from peyvand.core.paging import Tally, capped_count
from peyvand.people.services import NameInput, PersonInput
from peyvand.portals.staff import pair_views as queue_views
from peyvand.tracing.models import Case
from peyvand.tracing.services import submit_tracing_request


def _new_cases(world: World, how_many: int) -> None:
    for index in range(how_many):
        submit_tracing_request(
            None,
            world.agency_a,
            seeker=PersonInput(names=[NameInput(full="مریم رضایی")], sex="f"),
            sought=sought_person(f"علی {'ی' * (index + 1)}"),
            relationship="sibling",
        )


def test_a_tally_prints_a_plus_only_when_there_were_more() -> None:
    assert str(Tally(1000, more=True)) == "1000+"
    assert str(Tally(12)) == "12"
    assert Tally(1000, more=True) == 1000


@pytest.mark.django_db
def test_capped_count_stops_at_the_cap_in_one_bounded_query(world: World) -> None:
    _new_cases(world, 5)
    cases = Case.objects.filter(agency=world.agency_a)
    with CaptureQueriesContext(connection) as queries:
        counted = capped_count(cases, cap=3)
    assert (int(counted), counted.more) == (3, True)
    assert len(queries.captured_queries) == 1
    assert "LIMIT 4" in queries.captured_queries[0]["sql"]
    exact = capped_count(cases, cap=50)
    assert (int(exact), exact.more) == (cases.count(), False)


@pytest.mark.django_db
def test_the_queue_tab_and_the_pager_say_there_are_more(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _new_cases(world, 30)
    monkeypatch.setattr(paging, "COUNT_CAP", 26)
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 10)
    page = world.client_for("caseworker_a").get(reverse("staff_queues")).content.decode()
    assert re.search(r'<span class="count">26\+</span>', page)
    assert "Page 1 of 3+" in page
    listed = world.client_for("caseworker_a").get(reverse("home")).content.decode()
    assert "Page 1 of 2+" in listed


@pytest.mark.django_db
def test_below_the_cap_counts_are_exact(world: World) -> None:
    _new_cases(world, 3)
    page = world.client_for("caseworker_a").get(reverse("staff_queues")).content.decode()
    expected = Case.objects.filter(agency=world.agency_a, state="open").count()
    assert f'<span class="count">{expected}</span>' in page
