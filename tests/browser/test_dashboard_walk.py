"""A supervisor opens the reports dashboard in Persian and in English and sees the charts.

Screenshots: dashboard-fa.png and dashboard-en.png (the top of the page, for the README) and
dashboard-fa-full.png / dashboard-en-full.png (the whole page).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.support import SCREENSHOTS, new_page, screenshot, sign_in
from conftest import make_world
from reports.reports_world import build_report_world


def open_dashboard(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/reports/")
    charts = page.locator("svg.chart[role=img]")
    expect(charts).to_have_count(8)
    # Bars with a length, and the weekly line.
    widths = page.locator("svg.chart g.bar rect").evaluate_all(
        "rects => rects.map(r => Number(r.getAttribute('width')))"
    )
    assert sum(1 for width in widths if width > 0) >= 6
    expect(page.locator("svg.chart polyline")).to_have_count(1)
    # Every chart is named for assistive technology and has its table underneath.
    for index in range(8):
        chart = charts.nth(index)
        assert chart.locator("title").first.text_content()
        expect(chart.locator("xpath=ancestor::section[1]//table")).to_have_count(1)


def save(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    screenshot(page, f"{name}-full")


@pytest.mark.django_db(transaction=True)
def test_supervisor_sees_the_dashboard_in_persian_and_english(
    browser: Browser, live_server: Any
) -> None:
    world = make_world()
    build_report_world(world)
    base = live_server.url

    persian = new_page(browser, "fa", width=1100, height=1000)
    sign_in(persian, base, "supervisor-a")
    open_dashboard(persian, base)
    expect(persian.locator("body")).to_have_css("direction", "rtl")
    # Mirrored: in Persian the bars end at the labels on the right.
    first_bar = persian.locator("svg.chart g.bar rect").first.bounding_box()
    first_label = persian.locator("svg.chart g.bar text").first.bounding_box()
    assert first_bar is not None and first_label is not None
    assert first_label["x"] > first_bar["x"]
    assert "Agency B" not in persian.content()
    save(persian, "dashboard-fa")

    english = new_page(browser, "en", width=1100, height=1000)
    sign_in(english, base, "supervisor-a")
    open_dashboard(english, base)
    expect(english.locator("body")).to_have_css("direction", "ltr")
    expect(english.locator("h1")).to_have_text("Reports")
    expect(english.locator("#requests_by_status table")).to_contain_text("Contact established")
    first_bar = english.locator("svg.chart g.bar rect").first.bounding_box()
    first_label = english.locator("svg.chart g.bar text").first.bounding_box()
    assert first_bar is not None and first_label is not None
    assert first_label["x"] < first_bar["x"]
    save(english, "dashboard-en")
