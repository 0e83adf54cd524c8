"""Who reaches visits: agency A's staff write, the DPO reads, agency B's staff, seekers and
registrants get the same 404 as for a visit that does not exist."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from visits_support import establish_contact, planned_visit

from conftest import World
from peyvand.core.access import NotFound
from peyvand.visits.access import (
    access_application,
    access_checklist_item,
    access_visit,
    applications_visible_to,
    visits_visible_to,
)
from peyvand.visits.models import Decision
from peyvand.visits.services import plan_visit

READERS = ("caseworker_a", "supervisor_a", "dpo", "admin")
REFUSED = ("seeker", "registrant", "caseworker_b", "outsider")


@pytest.mark.parametrize("persona", READERS)
def test_agency_staff_the_dpo_and_the_admin_read(world: World, persona: str) -> None:
    visit, visa, _document = planned_visit(world)
    user = getattr(world, persona)
    assert access_visit(user, visit.pk) == visit
    assert access_application(user, visa.pk) == visa
    client = world.client_for(persona)
    page = client.get(reverse("visit_detail", kwargs={"visit_id": visit.pk}))
    assert page.status_code == 200
    assert "Embassy of Albania, Tehran" in page.content.decode()
    listing = client.get(reverse("case_visits", kwargs={"case_id": visit.case_id}))
    assert listing.status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_others_get_the_same_not_found_as_for_a_missing_visit(world: World, persona: str) -> None:
    visit, visa, _document = planned_visit(world)
    user = getattr(world, persona)
    item = visa.checklist.first()
    assert item is not None
    for access, record_id in (
        (access_visit, visit.pk),
        (access_application, visa.pk),
        (access_checklist_item, item.pk),
    ):
        with pytest.raises(NotFound):
            access(user, record_id)
    assert not visits_visible_to(user).exists()
    assert not applications_visible_to(user).exists()
    client = world.client_for(persona)
    urls = [
        reverse("visit_detail", kwargs={"visit_id": visit.pk}),
        reverse("case_visits", kwargs={"case_id": visit.case_id}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    missing = client.get(reverse("visit_detail", kwargs={"visit_id": visit.pk + 1000}))
    assert missing.status_code == 404
    decided = client.post(
        reverse("application_decision", kwargs={"application_id": visa.pk}),
        {"decision": "approved", "decided_on": datetime.date.today().isoformat()},
    )
    assert decided.status_code == 404
    visa.refresh_from_db()
    assert visa.decision == Decision.PENDING


def test_the_dpo_reads_but_does_not_write(world: World) -> None:
    visit, visa, _document = planned_visit(world)
    with pytest.raises(NotFound):
        access_visit(world.dpo, visit.pk, write=True)
    client = world.client_for("dpo")
    page = client.get(reverse("visit_detail", kwargs={"visit_id": visit.pk})).content.decode()
    assert reverse("application_decision", kwargs={"application_id": visa.pk}) not in page
    response = client.post(
        reverse("application_decision", kwargs={"application_id": visa.pk}),
        {"decision": "approved", "decided_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 404


def test_agency_b_sees_only_its_own_visits(world: World) -> None:
    planned_visit(world)
    establish_contact(world, world.case_b)
    own = plan_visit(world.caseworker_b, world.case_b, host_country="Iran")
    assert list(visits_visible_to(world.caseworker_b)) == [own]
    assert own not in visits_visible_to(world.caseworker_a)
    page = world.client_for("caseworker_b").get(reverse("visit_deadlines"))
    assert "Embassy of Albania" not in page.content.decode()
