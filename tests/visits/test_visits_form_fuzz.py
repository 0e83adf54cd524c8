"""Garbage into every visits form: never a 500, and a refused form writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from visits_support import planned_visit

from conftest import World
from peyvand.visits.models import ChecklistItem, TravelApplication, Visit

TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["1404/13/40", "۱۴۰۴/۰۱/۱۵", "2025-02-30", "0000-00-00", "99999999", "52 years", "x" * 500]
    ),
)
FIELDS = {
    "visit_application_add": (
        "traveller kind authority country traveller_label deadline deadline_label"
    ),
    "visit_meeting": "meeting_place meeting_date met outcome_notes",
    "visit_cancel": "reason",
    "application_submission": "submitted_on",
    "application_decision": "decision decided_on refusal_reason",
    "application_deadline": "deadline deadline_label",
    "application_checklist_add": "label",
    "checklist_item_tick": "done",
}


def _rows() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Visit, TravelApplication, ChecklistItem))


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_garbage_never_breaks_a_visits_form(world: World, name: str) -> None:
    visit, visa, _document = planned_visit(world)
    item = visa.checklist.first()
    assert item is not None
    kwargs = {
        "visit_id": visit.pk,
        "application_id": visa.pk,
        "item_id": item.pk,
    }
    route_keys = {
        "visit_application_add": "visit_id",
        "visit_meeting": "visit_id",
        "visit_cancel": "visit_id",
        "checklist_item_tick": "item_id",
    }
    key = route_keys.get(name, "application_id")
    url = reverse(name, kwargs={key: kwargs[key]})
    client = world.client_for("caseworker_a")
    fields = {field: TEXT for field in FIELDS[name].split()}

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({}, optional=fields))
    def post(data: dict[str, Any]) -> None:
        before = _rows()
        response = client.post(url, data)
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert _rows() == before

    post()
