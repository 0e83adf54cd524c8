"""Every URL pattern × every persona against the table in matrix_table.py.

The resolver is walked recursively; a URL name without a row (or a row without a URL) fails the
suite, so a new view cannot ship without an authorisation decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from authz_scenario import Scenario, build_scenario
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from matrix_table import MATRIX, PERSONAS, POST, Outcome

from conftest import World
from peyvand.accounts.models import STAFF_ROLES, User
from peyvand.audit.models import AuditEvent, Tombstone


def _walk(
    resolver: URLResolver, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def url_names() -> dict[str, str]:
    """Every named URL of the project, the admin's included → its route."""
    return dict(_walk(get_resolver()))


def url_name(key: str) -> str:
    """The URL name a matrix key stands for: without its "@B" and "#label" (matrix_table)."""
    return key.split("#")[0].removesuffix("@B")


def test_every_url_name_has_a_row_and_every_row_a_url() -> None:
    names = set(url_names())
    rows = {url_name(key) for key in MATRIX}
    missing = sorted(names - rows)
    stale = sorted(rows - names)
    assert not missing, f"URL names with no authorisation decision in matrix_table.py: {missing}"
    assert not stale, f"rows in matrix_table.py for URL names that no longer exist: {stale}"


def test_every_row_decides_for_every_persona() -> None:
    for name, (method, outcomes) in MATRIX.items():
        assert method in ("GET", "POST"), name
        assert len(outcomes) == len(PERSONAS), f"{name}: {len(outcomes)} cells"


def test_the_matrix_is_not_all_allow() -> None:
    """Protected pages refuse someone: a table of 'allow everywhere' would be no decision."""
    public = {url_name(n) for n, (_, cells) in MATRIX.items() if all(c.allowed for c in cells)}
    assert public <= {
        "login",
        "logout",
        "set_language",
        "seeker_request_new",
        "seeker_request_done",
        "track_login",
        "track_leave",
        "register_self",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "api_v1:openapi-json",  # the API's public description
        "home",  # the front door: visitors see how to file and follow a request
        "favicon",  # a redirect to the shipped icon
    }


def _admin_records(scenario: Scenario) -> dict[str, tuple[object, object]]:
    """The record each admin model URL opens: (agency A's, agency B's)."""
    world = scenario.world
    event = AuditEvent.objects.filter(object_type="tracing.case").first()
    tombstone = Tombstone.objects.create(
        object_type="tracing.case", object_id="0", legal_basis="authz", actor_label="authz"
    )
    assert event is not None
    return {
        "accounts_agency": (world.agency_a.pk, world.agency_b.pk),
        "accounts_user": (world.caseworker_a.pk, world.caseworker_b.pk),
        "audit_auditevent": (event.pk, event.pk),
        "audit_tombstone": (tombstone.pk, tombstone.pk),
        "people_person": (world.request_a.sought_id, world.request_b.sought_id),
        "tracing_tracingrequest": (world.request_a.pk, world.request_b.pk),
        "tracing_registration": (world.registration_a.pk, world.registration_b.pk),
        "tracing_case": (world.case_a.pk, world.case_b.pk),
    }


def _admin_kwargs(scenario: Scenario, key: str) -> dict[str, object]:
    name = url_name(key)
    if name == "admin:app_list":
        return {"app_label": "tracing"}
    model = re.fullmatch(r"admin:(\w+)_(?:change|history|delete)", name)
    if model is None:
        return {}
    record_a, record_b = _admin_records(scenario)[model.group(1)]
    return {"object_id": record_b if "@B" in key else record_a}


def _kwargs(scenario: Scenario, route: str) -> dict[str, object]:
    world = scenario.world
    values: dict[str, object] = {
        "case_id": world.case_a.pk,
        "person_id": world.request_a.sought.pk,
        "object_type": "tracing.case",
        "object_id": str(world.case_a.pk),
        "pair_id": scenario.pair.pk,
        "question_id": scenario.pending_question.pk,
        "decision_id": scenario.decision.pk,
        "run_id": scenario.run.pk,
        "version_id": scenario.model_version.pk,
        "message_id": scenario.message.pk,
        "contact_id": scenario.contact.pk,
        "request_id": world.request_a.pk,
        "registration_id": world.registration_a.pk,
        "batch_id": scenario.import_row.batch_id,
        "row_id": scenario.import_row.pk,
        "mapping_id": scenario.mapping.pk,
        "visit_id": scenario.visit.pk,
        "application_id": scenario.application.pk,
        "item_id": scenario.checklist_item.pk,
        "appeal_id": scenario.appeal.pk,
        "signatory_id": scenario.signatory.pk,
        "follow_up_id": scenario.follow_up.pk,
        "document_id": scenario.appeal_document.pk,
        "letter_id": scenario.letter.pk,
        "letter_kind": "summary",
        "letter_language": "en",
        "uidb64": "MQ",
        "token": "set-password",
    }
    return {key: values[key] for key in re.findall(r"<(?:\w+:)?(\w+)>", route)}


def _client(world: World, persona: str) -> Client:
    """The persona's signed-in client; staff sessions carry a verified second factor."""
    if persona == "anonymous":
        return Client()
    client = world.client_for(persona)
    user = getattr(world, persona)
    if user.role in STAFF_ROLES and "django_otp" in settings.INSTALLED_APPS:
        _verify_second_factor(client, user)
    return client


def _verify_second_factor(client: Client, user: User) -> None:
    """Mark the session as having passed TOTP, as django-otp's `login` does (idempotent)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    if session.get("otp_device_id") != device.persistent_id:
        session["otp_device_id"] = device.persistent_id
        session.save()


def _matches(response: object, expected: Outcome) -> bool:
    status = getattr(response, "status_code", None)
    if status != expected.status:
        return False
    if expected.location:
        location: str = response["Location"]  # type: ignore[index]
        if expected.exact:
            return location == expected.location
        return location.startswith(expected.location)
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix_row(world: World, name: str) -> None:
    scenario = build_scenario(world)
    routes = url_names()
    if url_name(name) not in routes:
        pytest.fail(f"{name} is in the matrix but not in the URL configuration")
    if name.startswith("admin:"):
        kwargs = _admin_kwargs(scenario, name)
    else:
        kwargs = _kwargs(scenario, routes[url_name(name)])
    url = reverse(url_name(name), kwargs=kwargs)
    method, outcomes = MATRIX[name]
    # Refusals first: an allowed POST may change the records the refusals are tried against.
    cells = sorted(zip(PERSONAS, outcomes, strict=True), key=lambda cell: cell[1].allowed)
    wrong = []
    for persona, expected in cells:
        client = _client(world, persona)
        response = client.post(url, {}) if method == POST else client.get(url)
        if not _matches(response, expected):
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            wrong.append(f"{persona}: expected {expected}, got {got}")
    assert not wrong, f"{method} {url} ({name}):\n" + "\n".join(wrong)
