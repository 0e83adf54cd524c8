"""The web pages through HTTP, as each persona sees them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD, World, totp_code
from peyvand.audit.models import AuditEvent
from peyvand.tracing.models import CaseNote


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "words"), [("fa", "rtl", "ورود"), ("en", "ltr", "Sign in")]
)
def test_login_page_in_persian_and_english(language: str, direction: str, words: str) -> None:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}" dir="{direction}"' in page
    assert words in page


@pytest.mark.django_db
def test_login_with_password_then_home_lists_own_agency_cases(world: World) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "caseworker-a", "password": PASSWORD}, follow=True
    )
    # Staff enrol an authenticator on first sign-in (issue 5), then type its code.
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    response = client.post(
        "/accounts/two-factor/setup/", {"token": totp_code(world.caseworker_a)}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/recovery-codes/"
    response = client.get("/")
    page = response.content.decode()
    assert world.request_a.reference_code in page
    assert world.request_b.reference_code not in page
    assert "محمدرضا خدابنده" in page


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message() -> None:
    response = Client().post(
        "/accounts/login/", {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_home_list_query_count_does_not_grow_with_cases(world: World) -> None:
    client = world.client_for("admin")
    client.get("/")  # the session's first page also writes its last-seen time
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    from conftest import sought_person
    from peyvand.tracing.services import submit_tracing_request

    for index in range(5):
        submit_tracing_request(
            None,
            world.agency_a,
            seeker=sought_person(f"مادر {index}"),
            sought=sought_person(f"پسر {index}"),
            relationship="child",
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


@pytest.mark.django_db
def test_case_page_missing_and_forbidden_are_the_same_404(world: World) -> None:
    client = world.client_for("caseworker_b")
    forbidden = client.get(f"/cases/{world.case_a.pk}/")
    missing = client.get("/cases/999999/")
    assert forbidden.status_code == missing.status_code == 404
    # The pages differ only in the per-response CSRF mask and the echoed address.
    varying = re.compile(rb'name="(csrfmiddlewaretoken|next)" value="[^"]+"')
    assert varying.sub(b"", forbidden.content) == varying.sub(b"", missing.content)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider", "caseworker_b"])
def test_case_page_refuses_wrong_personas(world: World, persona: str) -> None:
    client = world.client_for(persona)
    assert client.get(f"/cases/{world.case_a.pk}/").status_code == 404
    post = client.post(f"/cases/{world.case_a.pk}/notes/", {"text": "hello"})
    assert post.status_code == 404
    assert not CaseNote.objects.exists()


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get("/cases/1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_case_page_shows_dates_in_the_readers_calendar(world: World) -> None:
    client = world.client_for("caseworker_a")
    english = client.get(f"/cases/{world.case_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1991-05-05" in english  # last contact 1370/02/15 shown in Gregorian
    world.caseworker_a.language = "fa"
    world.caseworker_a.save()
    persian = client.get(f"/cases/{world.case_a.pk}/").content.decode()
    assert "۱۳۷۰/۰۲/۱۵" in persian
    assert 'dir="rtl"' in persian
    world.caseworker_a.language = "en"
    world.caseworker_a.calendar = "jalali"
    world.caseworker_a.save()
    chosen = client.get(f"/cases/{world.case_a.pk}/").content.decode()
    assert "1370/02/15" in chosen
    assert 'dir="ltr"' in chosen


@pytest.mark.django_db
def test_add_note_and_reject_empty_note(world: World) -> None:
    client = world.client_for("caseworker_a")
    url = f"/cases/{world.case_a.pk}/notes/"
    response = client.post(url, {"text": "Spoke with the seeker."})
    assert response.status_code == 302
    assert CaseNote.objects.get().text == "Spoke with the seeker."
    assert AuditEvent.objects.filter(action="case.note_added").count() == 1

    empty = client.post(url, {"text": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 400
    assert "This field is required" in empty.content.decode()
    assert CaseNote.objects.count() == 1


@pytest.mark.django_db
def test_change_state_needs_a_reason_and_dpo_cannot_change(world: World) -> None:
    url = f"/cases/{world.case_a.pk}/state/"
    client = world.client_for("caseworker_a")
    assert client.post(url, {"state": "searching", "reason": ""}).status_code == 400
    assert client.post(url, {"state": "searching", "reason": "started"}).status_code == 302
    world.case_a.refresh_from_db()
    assert world.case_a.state == "searching"
    dpo = world.client_for("dpo")
    assert dpo.get(f"/cases/{world.case_a.pk}/").status_code == 200
    assert dpo.post(url, {"state": "closed", "reason": "x"}).status_code == 404


@pytest.mark.django_db
def test_preferences_change_the_interface_language(world: World) -> None:
    client = world.client_for("caseworker_a")
    response = client.post("/accounts/preferences/", {"language": "sq", "calendar": "jalali"})
    assert response.status_code == 302
    world.caseworker_a.refresh_from_db()
    assert (world.caseworker_a.language, world.caseworker_a.calendar) == ("sq", "jalali")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "sq"
    bad = client.post("/accounts/preferences/", {"language": "xx", "calendar": ""})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_seeker_home_shows_only_neutral_status(world: World) -> None:
    page = world.client_for("seeker").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.request_a.reference_code in page
    assert world.request_b.reference_code not in page
    assert "Received" in page


@pytest.mark.django_db
def test_person_page_follows_the_access_rules(world: World) -> None:
    sought = world.request_a.sought
    url = f"/people/{sought.pk}/"
    for persona in ("seeker", "caseworker_a", "supervisor_a", "dpo", "admin"):
        page = world.client_for(persona).get(url)
        assert page.status_code == 200, persona
        assert "محمدرضا خدابنده" in page.content.decode()
    for persona in ("registrant", "caseworker_b", "outsider"):
        assert world.client_for(persona).get(url).status_code == 404, persona
    registered = world.registration_a.person
    assert world.client_for("seeker").get(f"/people/{registered.pk}/").status_code == 404
    assert world.client_for("registrant").get(f"/people/{registered.pk}/").status_code == 200


@pytest.mark.django_db
def test_record_history_answers_who_saw_a_record(world: World) -> None:
    case_url = f"/cases/{world.case_a.pk}/"
    world.client_for("caseworker_a").get(case_url)
    history_url = f"/audit/tracing.case/{world.case_a.pk}/"
    for persona in ("seeker", "registrant", "caseworker_a", "supervisor_a", "outsider"):
        assert world.client_for(persona).get(history_url).status_code == 404, persona
    page = world.client_for("dpo").get(history_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "caseworker-a (caseworker)" in page
    assert "access.read" in page
    assert AuditEvent.objects.filter(action="audit.history_read", actor=world.dpo).exists()


@pytest.mark.django_db
def test_an_overlong_username_is_refused_by_the_form_not_the_database() -> None:
    response = Client().post(
        "/accounts/login/", {"username": "x" * 2000, "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


@pytest.mark.django_db
def test_the_favicon_answers_instead_of_a_404() -> None:
    from django.contrib.staticfiles import finders

    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("peyvand/favicon.svg")
    shipped = finders.find("peyvand/favicon.svg")
    assert shipped is not None and "<svg" in Path(shipped).read_text(encoding="utf-8")
    assert 'rel="icon"' in Client().get("/accounts/login/").content.decode()
