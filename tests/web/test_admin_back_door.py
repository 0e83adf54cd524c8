"""Issue 11: the staff admin is no back door. Each attack tried on the demo, as caseworker-a of
agency A, is refused (403) with the record unchanged and the refusal in the audit trail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.people.models import Person
from peyvand.tracing.models import Case, Registration, TracingRequest
from peyvand.tracing.seeker import normalise_passphrase

SEEKER_PASSPHRASE = "4821-7730-1956"
ATTACKER_PASSPHRASE = "1111-2222-3333"


def refused_writes(model: str, object_id: object) -> int:
    return AuditEvent.objects.filter(
        action="access.refused",
        object_type=model,
        object_id=str(object_id),
        details__via="admin",
        details__write=True,
    ).count()


def request_form(tracing_request: TracingRequest, **changes: Any) -> dict[str, Any]:
    """Every field of a request as the old admin form showed it, with ``changes`` applied."""
    form = {
        "agency": tracing_request.agency_id,
        "seeker_user": tracing_request.seeker_user_id or "",
        "relationship": tracing_request.relationship,
        "last_contact_date": "",
        "last_contact_precision": "",
        "last_contact_calendar": "",
        "last_contact_text": tracing_request.last_contact_text,
        "last_contact_place": tracing_request.last_contact_place,
        "circumstances": "",
        "message_for_sought": "",
        "passphrase_hash": tracing_request.passphrase_hash,
        "withdrawn_at_0": "",
        "withdrawn_at_1": "",
        "status": tracing_request.status,
    }
    return {**form, **changes}


def track_sign_in(code: str, passphrase: str) -> int:
    response = Client().post("/t/", {"reference_code": code, "passphrase": passphrase})
    return response.status_code


@pytest.mark.django_db
def test_a_caseworker_cannot_set_a_seekers_passphrase_in_the_admin(world: World) -> None:
    request = world.request_a
    TracingRequest.objects.filter(pk=request.pk).update(
        passphrase_hash=make_password(normalise_passphrase(SEEKER_PASSPHRASE))
    )
    request.refresh_from_db()
    stored = request.passphrase_hash
    forged = make_password(normalise_passphrase(ATTACKER_PASSPHRASE))  # computable offline
    url = f"/admin/tracing/tracingrequest/{request.pk}/change/"

    response = world.client_for("caseworker_a").post(
        url, request_form(request, passphrase_hash=forged)
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.passphrase_hash == stored
    assert track_sign_in(request.reference_code, ATTACKER_PASSPHRASE) == 200  # refused
    assert track_sign_in(request.reference_code, SEEKER_PASSPHRASE) == 302  # still the family's
    assert refused_writes("tracing.tracingrequest", request.pk) == 1


@pytest.mark.django_db
def test_the_admin_never_shows_the_passphrase_hash_or_the_seekers_account(world: World) -> None:
    request = world.request_a
    TracingRequest.objects.filter(pk=request.pk).update(passphrase_hash=make_password("x" * 14))
    for persona in ("caseworker_a", "supervisor_a", "dpo", "admin"):
        page = world.client_for(persona).get(f"/admin/tracing/tracingrequest/{request.pk}/change/")
        html = page.content.decode()
        assert page.status_code == 200, persona
        assert request.reference_code in html
        assert "passphrase" not in html and "md5$" not in html, persona
        assert "seeker_user" not in html, persona
        fields = re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', html)
        # Only the sign-out and language forms post anything ("next": where a language
        # choice returns to).
        assert set(fields) <= {"csrfmiddlewaretoken", "next"}, (persona, fields)


@pytest.mark.django_db
@pytest.mark.parametrize("assignee", ["caseworker_a", "caseworker_b", "registrant"])
def test_a_caseworker_cannot_assign_a_case_in_the_admin(world: World, assignee: str) -> None:
    case = world.case_a
    form = {
        "assigned_to": getattr(world, assignee).pk,
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    response = world.client_for("caseworker_a").post(f"/admin/tracing/case/{case.pk}/change/", form)
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assigned_to_id is None
    assert refused_writes("tracing.case", case.pk) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "admin"])
def test_a_request_cannot_move_agency_or_seeker_account_in_the_admin(
    world: World, persona: str
) -> None:
    request = world.request_a
    client = world.client_for(persona)
    url = f"/admin/tracing/tracingrequest/{request.pk}/change/"
    to_b = client.post(url, request_form(request, agency=world.agency_b.pk))
    to_outsider = client.post(url, request_form(request, seeker_user=world.outsider.pk))
    assert (to_b.status_code, to_outsider.status_code) == (403, 403)
    request.refresh_from_db()
    assert (request.agency_id, request.seeker_user_id) == (world.agency_a.pk, world.seeker.pk)
    assert refused_writes("tracing.tracingrequest", request.pk) == 2
    # The outsider's account gained nothing.
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(f"/people/{request.sought_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "admin"])
def test_staff_cannot_change_a_persons_own_choices_in_the_admin(world: World, persona: str) -> None:
    registration = world.registration_a  # registered by the person themself
    Registration.objects.filter(pk=registration.pk).update(findable_by="nobody", shareable_kinds=[])
    form = {
        "agency": world.agency_a.pk,
        "consent_method": "self",
        "may_be_traced": "on",
        "findable_by": "any_relative",
        "shareable_kinds": '["phone", "email", "address"]',
    }
    url = f"/admin/tracing/registration/{registration.pk}/change/"
    response = world.client_for(persona).post(url, form)
    assert response.status_code == 403
    registration.refresh_from_db()
    assert (registration.findable_by, registration.shareable_kinds) == ("nobody", [])
    assert refused_writes("tracing.registration", registration.pk) == 1


@pytest.mark.django_db
def test_anonymous_admin_login_goes_to_the_main_sign_in(world: World) -> None:
    page = Client().get("/admin/login/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/login/?next=/admin/"
    # No second sign-in door: posting credentials here signs nobody in.
    client = Client()
    posted = client.post(
        "/admin/login/",
        {"username": "caseworker-a", "password": "correct horse battery staple"},
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert Client().get("/admin/tracing/case/")["Location"] == (
        "/accounts/login/?next=/admin/tracing/case/"
    )


@pytest.mark.django_db
def test_no_record_is_added_deleted_or_bulk_changed_in_the_admin(world: World) -> None:
    client = world.client_for("admin")
    person = world.request_a.sought
    for model in ("tracing/tracingrequest", "tracing/registration", "tracing/case"):
        assert client.get(f"/admin/{model}/add/").status_code == 403
        assert client.post(f"/admin/{model}/add/", {}).status_code == 403
    assert (
        client.post("/admin/people/person/add/", {"agency": world.agency_a.pk}).status_code == 403
    )
    assert client.post(
        f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}
    ).status_code == (403)
    bulk = client.post(
        "/admin/people/person/",
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    assert refused_writes("people.person", person.pk) == 1
    assert refused_writes("people.person", "-") == 2  # the add and the bulk attempt


@pytest.mark.django_db
def test_a_person_and_their_names_cannot_be_changed_in_the_admin(world: World) -> None:
    person = world.request_a.sought
    name = person.names.get()
    form = {
        "agency": world.agency_a.pk,
        "sex": "f",
        "birth_date_text": "1350",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "1",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
        "names-0-id": name.pk,
        "names-0-person": person.pk,
        "names-0-script": "fa",
        "names-0-kind": "birth",
        "names-0-full": "نام دیگر",
    }
    client = world.client_for("caseworker_a")
    assert client.post(f"/admin/people/person/{person.pk}/change/", form).status_code == 403
    person.refresh_from_db()
    assert (person.sex, person.birth_date_text, person.names.get().full) == (
        "m",
        "1345",
        "محمدرضا خدابنده",
    )


@pytest.mark.django_db
def test_other_agencies_records_stay_out_of_every_admin_route(world: World) -> None:
    client = world.client_for("caseworker_a")
    other = world.case_b
    history = client.get(f"/admin/tracing/case/{other.pk}/history/")
    assert history.status_code == 302  # the same answer as for a missing record
    assert AuditEvent.objects.filter(
        action="access.refused", object_type="tracing.case", object_id=str(other.pk)
    ).exists()
    # Autocomplete answered searches by any foreign key of any model; no form here uses it.
    autocomplete = client.get(
        "/admin/autocomplete/",
        {"app_label": "tracing", "model_name": "tracingrequest", "field_name": "sought"},
    )
    assert autocomplete.status_code == 404
    # "View on site" looked any row up by id, outside the access functions: it is gone.
    content_type = ContentType.objects.get_for_model(Case)
    assert client.get(f"/admin/r/{content_type.pk}/{other.pk}/").status_code == 404
    changelist = client.get("/admin/tracing/case/").content.decode()
    assert other.tracing_request.reference_code not in changelist


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Nobody can give you a new one"),
        ("fa", "هیچ‌کس، حتی نهادی"),
        ("sq", "Askush nuk mund"),
    ],
)
def test_a_family_that_lost_its_passphrase_is_told_to_send_a_new_request(
    world: World, language: str, words: str
) -> None:
    """No staff member resets a passphrase (whoever chose it could read as the family): the
    track page says so, in the family's language."""
    page = Client().get("/t/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words in page
    assert 'href="/request/new/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "path", "lookup"),
    [
        ("caseworker_a", "tracing/tracingrequest", "passphrase_hash__startswith"),
        ("caseworker_a", "tracing/tracingrequest", "seeker_user"),
        ("supervisor_a", "tracing/registration", "user"),
        ("dpo", "tracing/registration", "shareable_kinds__contains"),
        ("admin", "accounts/user", "password__startswith"),
    ],
)
def test_lists_filter_only_by_the_columns_they_offer(
    world: World, persona: str, path: str, lookup: str
) -> None:
    """A free lookup would tell, one character at a time, what the admin never shows."""
    TracingRequest.objects.filter(pk=world.request_a.pk).update(passphrase_hash=make_password("x"))
    response = world.client_for(persona).get(f"/admin/{path}/", {lookup: "p"})
    assert response.status_code == 400
