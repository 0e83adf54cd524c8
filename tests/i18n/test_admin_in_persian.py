"""The staff admin speaks the staff member's language (issue 15, item 17): Persian pages are right
to left and Persian throughout, dates Jalali in Persian digits, and the header's language choice
reaches the admin too."""

from __future__ import annotations

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from peyvand.accounts.services import update_preferences
from peyvand.core.digits import persian_digits


def jalali_today() -> str:
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    return persian_digits(today.strftime("%Y/%m/%d"))


@pytest.mark.django_db
def test_a_persian_admin_page_is_right_to_left_and_persian(world: World) -> None:
    update_preferences(world.supervisor_a, language="fa", calendar="")
    page = world.client_for("supervisor_a").get(reverse("admin:tracing_case_changelist"))
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="fa" dir="rtl">' in text
    assert "پرونده را برای مشاهده انتخاب کنید" in text  # Django's "Select case to view"
    assert "Select case to view" not in text
    assert jalali_today() in text  # the case's opening date, Jalali in Persian digits
    assert timezone.localdate().strftime("%Y") + "،" not in text  # no "7 دسامبر 2026، ساعت"
    assert "۱ پرونده" in text  # the count, in Persian digits
    # The language buttons are there, Persian marked as the current one.
    assert 'name="language" value="fa" lang="fa" aria-current="true"' in text


@pytest.mark.django_db
def test_the_admin_follows_the_browser_until_a_language_is_chosen(world: World) -> None:
    client = world.client_for("dpo")
    persian = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<html lang="fa" dir="rtl">' in persian
    english = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in english
    # The language buttons (the header's, shown in the admin too) change the admin as well.
    chosen = client.post(reverse("set_language"), {"language": "sq", "next": "/admin/"})
    assert chosen.status_code == 302
    albanian = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<html lang="sq" dir="ltr">' in albanian


@pytest.mark.django_db
def test_the_audit_trail_in_the_admin_reads_in_persian(world: World) -> None:
    # The world's records were written by the system (no actor): the label is stored in English.
    update_preferences(world.dpo, language="fa", calendar="")
    text = (
        world.client_for("dpo").get(reverse("admin:audit_auditevent_changelist")).content.decode()
    )
    assert jalali_today() in text
    assert ">سیستم<" in text
    assert ">system<" not in text


@pytest.mark.django_db
def test_the_administrator_gives_an_agency_its_names_for_letters(world: World) -> None:
    client = world.client_for("admin")
    url = reverse("admin:accounts_agency_change", args=[world.agency_a.pk])
    form = client.get(url).content.decode()
    assert 'name="name_fa"' in form and 'name="name_sq"' in form
    saved = client.post(
        url,
        {
            "name": world.agency_a.name,
            "name_fa": "انجمن پیوند خانواده‌ها",
            "name_sq": "Shoqata Lidhja e Familjeve",
            "country": "AL",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    world.agency_a.refresh_from_db()
    assert world.agency_a.name_in("fa") == "انجمن پیوند خانواده‌ها"
    assert world.agency_a.name_in("sq") == "Shoqata Lidhja e Familjeve"
    assert world.agency_a.name_in("en") == "Agency A"
