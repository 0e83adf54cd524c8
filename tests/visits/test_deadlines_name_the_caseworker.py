"""Issue 15, item 2: the deadlines page names who works the case, or says nobody does."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from visits_support import planned_visit

from conftest import World
from peyvand.tracing.services import assign_case

SOON = datetime.date.today() + datetime.timedelta(days=3)


@pytest.mark.django_db
def test_the_deadlines_page_names_the_assigned_caseworker(world: World) -> None:
    planned_visit(world, deadline=SOON)
    client = world.client_for("supervisor_a")
    page = client.get(reverse("visit_deadlines")).content.decode()
    assert "nobody assigned" in page
    world.caseworker_a.first_name, world.caseworker_a.last_name = "Arta", "Hoxha"
    world.caseworker_a.save()
    assign_case(world.supervisor_a, world.case_a, world.caseworker_a)
    page = client.get(reverse("visit_deadlines")).content.decode()
    assert "<bdi>Arta Hoxha</bdi>" in page and "nobody assigned" not in page
