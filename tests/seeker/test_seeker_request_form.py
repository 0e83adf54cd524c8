"""The public tracing-request form: Persian first, kind validation, code and passphrase once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.people.models import Person
from peyvand.tracing.models import Case, TracingRequest
from peyvand.tracing.seeker import authenticate_seeker


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def persian_request(world: World, **changes: str) -> dict[str, str]:
    data = {
        "seeker_name": "فاطمه خدابنده",
        "relationship": "child",
        "seeker_phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "seeker_email": "",
        "sought_name_1": "محمدرضا خدابنده",
        "sought_name_2": "Mohammad Reza Khodabandeh",
        "sought_name_3": "",
        "sought_sex": "m",
        "sought_birth": "۱۳۴۵",
        "sought_birthplace": "قزوین",
        "sought_father": "حسین",
        "sought_mother": "زهرا",
        "last_contact_text": "۱۳۷۰/۰۲/۱۵",
        "last_contact_place": "تهران",
        "circumstances": "از مرز گذشت.",
        "message_for_sought": "پسرم، ما منتظریم.",
        "agency": str(world.agency_a.pk),
    }
    data.update(changes)
    return data


def counts() -> tuple[int, int, int, int]:
    return (
        TracingRequest.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_form_in_persian_is_right_to_left_and_every_label_is_translated(world: World) -> None:
    page = Client().get("/request/new/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert 'lang="fa" dir="rtl"' in page
    with translation.override("fa"):
        for text in ("Your full name", "Their name", "Birth date, birth year or age", "About you"):
            assert translation.gettext(text) in page
    english = Client().get("/request/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en" dir="ltr"' in english
    for text in ("Your full name", "Their name", "Father&#x27;s given name", "Send my request"):
        assert text in english


@pytest.mark.django_db
def test_form_shows_no_staff_navigation_even_to_staff(world: World) -> None:
    page = world.client_for("admin").get("/request/new/").content.decode()
    assert "Staff admin" not in page and "admin (admin)" not in page
    assert ">admin<" not in page


@pytest.mark.django_db
def test_agency_is_a_choice_only_when_there_are_several(world: World) -> None:
    page = Client().get("/request/new/").content.decode()
    assert "Agency A" in page and "Agency B" in page
    world.request_b.case.delete()  # set-up: leave one agency (tests may write models)
    world.request_b.delete()
    world.registration_b.delete()
    world.caseworker_b.delete()
    world.agency_b.persons.all().delete()
    world.agency_b.delete()
    page = Client().get("/request/new/").content.decode()
    assert f'type="hidden" name="agency" value="{world.agency_a.pk}"' in page


@pytest.mark.django_db
def test_valid_persian_request_is_filed_once_and_shows_code_and_passphrase(world: World) -> None:
    before = counts()
    client = Client()
    response = client.post("/request/new/", persian_request(world), HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 302 and response["Location"] == "/request/new/done/"
    assert counts()[:3] == (before[0] + 1, before[1] + 2, before[2] + 1)

    tracing_request = TracingRequest.objects.order_by("-id").first()
    assert tracing_request is not None
    assert tracing_request.agency == world.agency_a
    assert tracing_request.relationship == "child"
    assert tracing_request.seeker_user is None
    assert tracing_request.last_contact_calendar == "jalali"
    seeker_contacts = list(tracing_request.seeker.contacts.values_list("kind", "value"))
    assert seeker_contacts == [("phone", "0912 345 6789")]
    sought = tracing_request.sought
    assert sorted(sought.names.values_list("full", "script")) == [
        ("Mohammad Reza Khodabandeh", "latn"),
        ("محمدرضا خدابنده", "fa"),
    ]
    assert (sought.birth_date_calendar, sought.birth_date_precision) == ("jalali", "year")
    assert sought.birth_date is not None and sought.birth_date.year == 1966
    assert (sought.father_given_name, sought.mother_given_name) == ("حسین", "زهرا")
    assert tracing_request.case.state == "open"

    done = client.get("/request/new/done/", HTTP_ACCEPT_LANGUAGE="fa")
    page = done.content.decode()
    assert tracing_request.reference_code in page
    passphrase = page.split('<p class="keep-value" dir="ltr">')[2].split("</p>")[0]
    assert authenticate_seeker(tracing_request.reference_code, passphrase) == tracing_request
    assert passphrase not in tracing_request.passphrase_hash
    assert 'class="secondary print-button"' in page

    again = client.get("/request/new/done/", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200
    assert tracing_request.reference_code not in again.content.decode()
    assert passphrase not in again.content.decode()
    assert "shown only once" in again.content.decode()


@pytest.mark.django_db
def test_confirmation_page_without_a_new_request_is_neutral() -> None:
    page = Client().get("/request/new/done/").content.decode()
    assert "Already shown" in page and "PV-" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "kept"),
    [
        ({"sought_birth": "1345/13/40"}, "sought_birth", "1345/13/40"),
        ({"seeker_email": "fatemeh-at-example"}, "seeker_email", "fatemeh-at-example"),
        ({"sought_name_1": "", "sought_name_2": ""}, "sought_name_1", "قزوین"),
        ({"relationship": "neighbour"}, "relationship", "محمدرضا خدابنده"),
        ({"seeker_phone": "", "seeker_email": ""}, "seeker_phone", "حسین"),
        ({"last_contact_text": "دیروز"}, "last_contact_text", "دیروز"),
        ({"sought_name_1": "😢🙏👦", "sought_name_2": ""}, "sought_name_1", "😢🙏👦"),
        ({"sought_name_2": "...!!!"}, "sought_name_1", "...!!!"),
        ({"seeker_name": "؟؟"}, "seeker_name", "محمدرضا خدابنده"),
        ({"sought_father": "--"}, "sought_father", "محمدرضا خدابنده"),
        ({"last_contact_text": "۱۳۴۰"}, "last_contact_text", "۱۳۴۰"),  # born 1345
    ],
)
def test_invalid_request_keeps_what_was_typed_and_writes_nothing(
    world: World, changes: dict[str, str], field: str, kept: str
) -> None:
    before = counts()
    response = Client().post("/request/new/", persian_request(world, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert counts() == before
    # The error sits in the block of the field it is about.
    block = page.split(f'for="id_{field}"')[1].split('<div class="field')[0]
    assert 'class="errorlist"' in block
    assert kept in page
    if field != "seeker_name":
        assert "فاطمه خدابنده" in page  # the seeker's name typed above is kept too
    assert "Some answers need another look" in page


@pytest.mark.django_db
def test_date_error_is_the_services_kind_message(world: World) -> None:
    page = (
        Client()
        .post("/request/new/", persian_request(world, sought_birth="1345/13/40"))
        .content.decode()
    )
    assert "a month must be a number from 1 to 12" in page


@pytest.mark.django_db
def test_only_accepted_requests_count_towards_the_limit_per_address(world: World) -> None:
    # Issue 15, item 9: a family correcting a date again and again is never locked out.
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        assert client.post("/request/new/", {}).status_code == 400
    mistyped = client.post("/request/new/", persian_request(world, sought_birth="1345/13/40"))
    assert mistyped.status_code == 400
    filed = [client.post("/request/new/", persian_request(world)).status_code for _ in range(20)]
    assert filed == [302] * 20
    before = counts()
    limited = client.post(
        "/request/new/", persian_request(world, circumstances="نوشته‌ای که نباید گم شود")
    )
    page = limited.content.decode()
    assert limited.status_code == 429
    assert "Too many attempts" in page
    # Everything typed is still in the form, and nothing was written.
    assert "نوشته‌ای که نباید گم شود" in page
    assert "محمدرضا خدابنده" in page and "۰۹۱۲ ۳۴۵ ۶۷۸۹" in page
    assert counts() == before
    # Once limited, an invalid form is answered 429 too (the limit is said before the details).
    assert client.post("/request/new/", {}).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.10").post("/request/new/", persian_request(world))
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_request_the_service_refuses_gives_its_count_back(world: World) -> None:
    # The form accepts the date, the service refuses it (a last contact before birth): the
    # attempt counted just before the write is returned, as if it had never been made.
    client = Client(REMOTE_ADDR="203.0.113.11")
    refused = persian_request(world, sought_birth="1360", last_contact_text="1350")
    for _ in range(25):
        assert client.post("/request/new/", refused).status_code == 400
    assert client.post("/request/new/", persian_request(world)).status_code == 302


@pytest.mark.django_db
def test_direction_controls_are_not_stored_in_names(world: World) -> None:
    disguised = "\u202eمحمدرضا\u202c \u200fخدابنده\u2066"
    response = Client().post("/request/new/", persian_request(world, sought_name_1=disguised))
    assert response.status_code == 302
    names = set(Person.objects.values_list("names__full", flat=True))
    assert "محمدرضا خدابنده" in names
    assert not any(set(name or "") & set("\u202e\u202c\u200f\u2066") for name in names)
