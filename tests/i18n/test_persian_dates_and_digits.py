"""What a Persian reader sees, one place at a time (issue 15, item 13): times in the Jalali
calendar in Persian digits, system-written reasons in Persian, numbers in Persian sentences."""

from __future__ import annotations

import datetime
import re
from typing import Any

import jdatetime
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World
from peyvand.accounts.services import update_preferences
from peyvand.core.digits import persian_digits
from peyvand.core.display import current_calendar_choice, show_moment
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.matching.services import confirm_match


def jalali_today() -> str:
    today = timezone.localdate()
    return persian_digits(jdatetime.date.fromgregorian(date=today).strftime("%Y/%m/%d"))


def test_a_moment_is_written_in_the_readers_calendar_and_digits() -> None:
    moment = datetime.datetime(2026, 12, 7, 8, 40, tzinfo=datetime.UTC)
    with translation.override("fa"):
        assert show_moment(moment) == "۱۴۰۵/۰۹/۱۶ ۰۸:۴۰"
        assert show_moment(moment.date()) == "۱۴۰۵/۰۹/۱۶"
        token = current_calendar_choice.set("gregorian")  # a Persian reader who chose Gregorian
        try:
            assert show_moment(moment) == "۲۰۲۶/۱۲/۰۷ ۰۸:۴۰"
        finally:
            current_calendar_choice.reset(token)
    with translation.override("en"):
        assert show_moment(moment, seconds=True) == "2026-12-07 08:40:00"


def _confirmed(world: World) -> CandidatePair:
    pair = CandidatePair.objects.create(
        tracing_request=world.request_a,
        registration=world.registration_a,
        model_version="test",
        match_probability=0.97,
        match_weight=9.0,
        records_fingerprint="test",
        status=PairStatus.PROPOSED,
    )
    return confirm_match(world.caseworker_a, pair, "same father, same birthplace")


@pytest.mark.django_db
def test_the_case_timeline_reads_in_persian(world: World) -> None:
    # The reason is written while the caseworker works in English and read later in Persian.
    _confirmed(world)
    update_preferences(world.caseworker_a, language="fa", calendar="")
    page = world.client_for("caseworker_a").get(reverse("case_detail", args=[world.case_a.pk]))
    text = page.content.decode()
    assert "تطبیق تأیید شد" in text
    assert "Match confirmed" not in text
    assert jalali_today() in text
    # ISO dates stay only where machines read them (<time datetime="…T…">)
    assert not re.search(timezone.localdate().isoformat() + "(?!T)", text)


@pytest.mark.django_db
def test_the_same_reason_reads_in_english_for_an_english_reader(world: World) -> None:
    with translation.override("fa"):
        _confirmed(world)  # confirmed on a Persian screen
    update_preferences(world.caseworker_a, language="en", calendar="")
    page = world.client_for("caseworker_a").get(reverse("case_detail", args=[world.case_a.pk]))
    assert "Match confirmed" in page.content.decode()


def _request_form(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "seeker_name": "فاطمه خدابنده",
        "sought_name_1": "محمدرضا خدابنده",
        "seeker_phone": "0912 345 6789",
        "agency": world.agency_a.pk,
        "relationship": "child",
        "sought_birth": "1402/12/30",
        "consent": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_date_error_gives_its_numbers_in_persian_digits(world: World) -> None:
    client = Client()
    page = client.get(reverse("seeker_request_new"), HTTP_ACCEPT_LANGUAGE="fa")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: "" for name in form.fields}
    data.update(_request_form(world))
    answer = client.post(reverse("seeker_request_new"), data, HTTP_ACCEPT_LANGUAGE="fa")
    text = answer.content.decode()
    assert "روز ۳۰" in text and "ماه ۱۲" in text and "۱۴۰۲" in text, answer.context["form"].errors
    assert "روز 30" not in text


@pytest.mark.django_db
def test_a_short_password_is_refused_in_persian(world: World) -> None:
    client = Client()
    form = {
        "name_1": "محمد رضایی",
        "sex": "m",
        "birth_date_text": "1966",
        "findable_by": "close_family",
        "agency": world.agency_a.pk,
        "username": "m.rezaei",
        "password": "short words",
        "password_again": "short words",
        "consent": "on",
    }
    answer = client.post(reverse("register_self"), form, HTTP_ACCEPT_LANGUAGE="fa")
    text = answer.content.decode()
    assert "این رمز عبور خیلی کوتاه است: دست‌کم باید ۱۲ نویسه داشته باشد." in text
    assert "too short" not in text
