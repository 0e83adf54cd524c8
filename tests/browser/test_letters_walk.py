"""Letters in a real browser: a caseworker, working in Persian, makes each letter from the case
page and downloads it; the PDF's text (pdftotext) holds the Persian letter in reading order."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.support import new_page, screenshot, sign_in
from conftest import make_world
from letters.letters_world import SEEKER_FA, SOUGHT_FA, answered_case, flat
from pdftext import pdf_text
from peyvand.letters.models import GeneratedLetter

# One sentence of each default Persian text, with the names it is filled with.
EXPECTED = {
    "invitation": f"ارتباط میان {SEEKER_FA} و خویشاوندش {SOUGHT_FA}",
    "support": "هدف این سفر دیدار خانوادگی است",
    "summary": f"{SEEKER_FA} در جست‌وجوی خویشاوند خود {SOUGHT_FA}",
}


def make_and_download(page: Page, kind: str, tmp_path: Any) -> str:
    form = page.locator(f"#make-{kind} form")
    form.locator("[name=language]").select_option("fa")
    form.locator("button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    letter = GeneratedLetter.objects.filter(kind=kind).latest("pk")
    with page.expect_download() as download_info:
        page.locator(f"#letter-{letter.pk} a.download").click()
    download = download_info.value
    assert download.suggested_filename == letter.filename
    target = tmp_path / f"{kind}.pdf"
    download.save_as(str(target))
    return pdf_text(target.read_bytes(), tmp_path)


@pytest.mark.pdftotext
@pytest.mark.django_db(transaction=True)
def test_caseworker_makes_each_letter_in_persian(
    browser: Browser, live_server: Any, tmp_path: Any
) -> None:
    world = make_world()
    setup = answered_case(world)
    base = live_server.url
    page = new_page(browser, "en", width=1280, height=900)
    sign_in(page, base, "caseworker-a")
    page.goto(f"{base}/cases/{setup.case.pk}/")
    page.click("header button[name=language][value=fa]")  # she works in Persian
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    page.click(f"a[href='/cases/{setup.case.pk}/letters/']")
    expect(page.locator("body")).to_have_css("direction", "rtl")
    for kind, sentence in EXPECTED.items():
        text = make_and_download(page, kind, tmp_path)
        assert flat(sentence) in flat(text), (kind, text)
        assert setup.case.tracing_request.reference_code in text
    expect(page.locator("table.list tbody tr")).to_have_count(3)
    screenshot(page, "letters-case-fa")
