"""The login page in a real browser: Persian lays out right to left, English left to right."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser.support import new_page, screenshot


@pytest.mark.django_db(transaction=True)
def test_login_page_direction_follows_language(browser: Browser, live_server: Any) -> None:
    persian = new_page(browser, "fa")
    persian.goto(f"{live_server.url}/accounts/login/")
    expect(persian.locator("body")).to_have_css("direction", "rtl")
    heading = persian.locator("h1").bounding_box()
    assert heading is not None
    # In a right-to-left page the heading hugs the right edge of the card.
    card = persian.locator("section.card").bounding_box()
    assert card is not None
    assert heading["x"] + heading["width"] > card["x"] + card["width"] - 40
    assert persian.locator("h1").inner_text() == "ورود"
    screenshot(persian, "login-fa")

    english = new_page(browser, "en")
    english.goto(f"{live_server.url}/accounts/login/")
    expect(english.locator("body")).to_have_css("direction", "ltr")
    assert english.locator("h1").inner_text() == "Sign in"
