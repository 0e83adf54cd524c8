"""The supervisor's model versions page over HTTP: figures, fit, activate; everyone else refused."""

from __future__ import annotations

import pytest
from django.test import Client
from learning_world import build, decide, miscalibrated, stored_version

from conftest import World, pass_second_factor
from peyvand.audit.models import AuditEvent
from peyvand.matching import engine
from peyvand.matching.model_store import shipped_version
from peyvand.matching.models import ModelStatus, ModelVersion
from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run

PAGE = "/staff/models/"
REPORT = {
    "counts": {"fit_confirmed": 310, "fit_rejected": 64, "held_confirmed": 97, "held_rejected": 23},
    "before": {"pairs": 120, "precision": 0.8077, "recall": 1.0, "calibration_error": 0.1306},
    "after": {"pairs": 120, "precision": 0.9912, "recall": 0.9897, "calibration_error": 0.0214},
    "m_fitted": ["birth"],
}


def proposed() -> ModelVersion:
    row = stored_version(miscalibrated(), "learned-0123456789ab")
    row.report = REPORT
    row.save()
    return row


def activate_url(row: ModelVersion) -> str:
    return f"/staff/models/{row.pk}/activate/"


@pytest.mark.django_db
def test_a_supervisor_sees_the_figures_and_activates_a_version(world: World) -> None:
    row = proposed()
    client = world.client_for("supervisor_a")
    page = client.get(PAGE).content.decode()
    assert "learned-0123456789ab" in page and shipped_version() in page
    assert "0.8077 → 0.9912" in page and "0.1306 → 0.0214" in page and "310+64 / 97+23" in page
    refused = client.post(activate_url(row), {})  # the box not ticked
    assert refused.status_code == 400 and engine.model_version() == shipped_version()
    response = client.post(activate_url(row), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == PAGE
    row.refresh_from_db()
    assert (row.status, row.activated_by) == (ModelStatus.ACTIVE, world.supervisor_a)
    assert engine.model_version() == "learned-0123456789ab"
    assert AuditEvent.objects.filter(action="model.activated", actor=world.supervisor_a).exists()
    assert "Activate</button>" not in client.get(PAGE).content.decode()  # already in use


@pytest.mark.django_db
def test_a_supervisor_fits_a_proposed_version_from_the_page(world: World) -> None:
    truth = build(world.agency_a, 30, 12, seed=5)
    run_relink(open_cli_run().pk)
    decide(world.caseworker_a, truth)
    client = world.client_for("supervisor_a")
    assert client.post(PAGE, {}).status_code == 400
    response = client.post(PAGE, {"confirm": "on"})
    assert response.status_code == 302
    row = ModelVersion.objects.get()
    assert (row.status, row.created_by) == (ModelStatus.PROPOSED, world.supervisor_a)
    assert engine.model_version() == shipped_version()  # proposed, not in use


@pytest.mark.parametrize(
    "persona", ["caseworker_a", "caseworker_b", "dpo", "admin", "seeker", "registrant", "outsider"]
)
@pytest.mark.django_db
def test_everyone_but_a_supervisor_is_refused(world: World, persona: str) -> None:
    row = proposed()
    client = world.client_for(persona)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"confirm": "on"}).status_code == 404
    assert client.post(activate_url(row), {"confirm": "on"}).status_code == 404
    row.refresh_from_db()
    assert row.status == ModelStatus.PROPOSED and ModelVersion.objects.count() == 1
    assert engine.model_version() == shipped_version()


@pytest.mark.django_db
def test_activation_needs_the_forms_csrf_token(world: World) -> None:
    row = proposed()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.supervisor_a)
    pass_second_factor(client, world.supervisor_a)
    assert client.post(activate_url(row), {"confirm": "on"}).status_code == 403
    row.refresh_from_db()
    assert row.status == ModelStatus.PROPOSED


@pytest.mark.django_db
def test_the_page_is_translated(world: World) -> None:
    proposed()
    client = world.client_for("supervisor_a")
    for language, words in (("fa", "نسخه‌های مدل"), ("sq", "Versionet e modelit")):
        client.cookies["django_language"] = language
        page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in page, language
