"""A collective appeal in a real browser: a caseworker writes it in Persian, records the
signatures of 20 families (some asked not to be named), produces its PDF; then a mother signs
from her track page, choosing herself whether her family's name is listed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser.support import new_page, screenshot, sign_in
from browser.test_tracing_loop_walk import track
from conftest import make_world, sought_person
from pdftext import pdf_text
from peyvand.appeals.models import Appeal, Signatory, SignedVia
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.services import submit_tracing_request

PASSPHRASE = "4321-8765-2109"
GIVEN = ("فاطمه", "زهرا", "مریم", "رضا", "حسین")
FAMILY = ("کریمی", "رحیمی", "نوری", "صادقی", "جعفری")
TITLE = "درخواست خانواده‌ها برای خبر از عزیزانشان"
BODY = "ما خانواده‌های امضاکننده از شما می‌خواهیم هر خبری از بستگان ما دارید به ما بدهید."
UNNAMED = 6  # of the 20, these families asked to be counted without their names


def families(world: Any, count: int) -> list[TracingRequest]:
    """``count`` requests of agency A, each seeker with a distinct Persian name."""
    names = [f"{given} {family}" for family in FAMILY for given in GIVEN][:count]
    return [
        submit_tracing_request(
            None,
            world.agency_a,
            seeker=PersonInput(names=[NameInput(full=name)], sex="f"),
            sought=sought_person("علی اکبری"),
            relationship="child",
            passphrase=PASSPHRASE,
        )
        for name in names
    ]


def flat(text: str) -> str:
    return "".join(text.replace("\u200c", "").split())


@pytest.mark.pdftotext
@pytest.mark.django_db(transaction=True)
def test_appeal_walk(browser: Browser, live_server: Any, tmp_path: Path) -> None:
    world = make_world()
    base = live_server.url
    *signing, mother = families(world, 21)  # 20 sign with a caseworker; the mother herself
    assert len(signing) == 20

    staff = new_page(browser, "en", width=1280, height=900)
    sign_in(staff, base, "caseworker-a")
    staff.click("form.lang button[value=fa]")  # the caseworker works in Persian
    staff.goto(f"{base}/staff/appeals/")
    staff.click("a[href='/staff/appeals/new/']")
    staff.fill("[name=addressee]", "وزارت امور خارجه")
    staff.fill("[name=date]", "۱۴۰۴/۰۲/۱۵")
    staff.select_option("main select[name=language]", "fa")
    staff.fill("[name=title]", TITLE)
    staff.fill("[name=body]", BODY)
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/staff/appeals/\d+/$"))
    appeal = Appeal.objects.get()
    staff.select_option("main select[name=status]", "open")
    staff.locator(f"form[action='/staff/appeals/{appeal.pk}/status/'] button").click()

    named, unnamed = signing[:-UNNAMED], signing[-UNNAMED:]
    for group, listed in ((named, "yes"), (unnamed, "no")):
        staff.click(f"a[href='/staff/appeals/{appeal.pk}/signatories/']")
        for tracing_request in group:
            staff.check(f"input[name=requests][value='{tracing_request.pk}']")
        staff.check(f"input[name=listed][value={listed}]")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(re.compile(rf"/staff/appeals/{appeal.pk}/$"))
    assert appeal.signatories.filter(listed=True).count() == 14
    assert appeal.signatories.filter(listed=False).count() == UNNAMED

    staff.locator(f"form[action='/staff/appeals/{appeal.pk}/pdf/'] button").click()
    with staff.expect_download() as download_info:
        staff.locator("a[href*='/documents/']").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(download.path()).read_bytes(), tmp_path)
    flattened = flat(text)
    assert flat(TITLE) in flattened and flat(BODY) in flattened
    in_signing_order = [
        s.tracing_request.seeker.primary_name().full  # type: ignore[union-attr]
        for s in Signatory.objects.filter(appeal=appeal, listed=True).order_by("signed_at", "id")
    ]
    positions = [flattened.index(flat(name)) for name in in_signing_order]
    assert positions == sorted(positions), "signatories must read in signing order"
    for tracing_request in unnamed:
        assert flat(str(tracing_request.seeker)) not in flattened
    assert "علیاکبری" not in flattened  # the sought person, never
    screenshot(staff, "appeal-01-staff-appeal-fa")

    page = new_page(browser, "fa")
    track(page, base, mother.reference_code, PASSPHRASE)
    page.click("a[href='/t/appeals/']")
    page.click(f"a[href='/t/appeals/{appeal.pk}/']")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert page.locator("input[name=listed]:checked").count() == 0  # nothing chosen for her
    expect(page.locator("body")).to_have_css("direction", "rtl")
    screenshot(page, "appeal-02-seeker-reads-fa")
    page.check("input[name=listed][value=no]")
    page.locator("#sign button[type=submit]").click()
    expect(page.locator("#your-signature")).to_be_visible()
    screenshot(page, "appeal-03-seeker-signed-fa")
    signature = Signatory.objects.get(appeal=appeal, tracing_request=mother)
    assert signature.signed_via == SignedVia.TRACK_PAGE and not signature.listed

    page.locator(f"form[action='/t/appeals/{appeal.pk}/withdraw/'] button").click()
    expect(page.locator("#your-signature")).to_have_count(0)
    signature.refresh_from_db()
    assert signature.withdrawn_at is not None
