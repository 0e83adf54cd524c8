"""Helpers for browser tests: the Chromium to drive, phone-sized pages, screenshots."""

from __future__ import annotations

import shutil
from base64 import b32decode
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, totp_code
from peyvand.accounts.models import User

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium; the project never downloads a browser of its own."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError(
            "Browser tests need Debian's `chromium` package: apt-get install chromium"
        )
    return found


def new_page(browser: Browser, language: str, width: int = 412, height: int = 915) -> Page:
    """A phone-sized page whose browser asks for ``language``."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign a staff (or other) account in, enrolling or typing its second factor as needed."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    if "/accounts/two-factor/setup/" in page.url:
        # Staff enrol an authenticator on first sign-in: the "app" is this test, keyed with the
        # secret the page shows, typing the code it computes now (a real second factor).
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.fill("#id_token", f"{totp(b32decode(secret)):06d}")
        page.click("button.primary")
        expect(page.locator("ul.recovery-codes li")).to_have_count(10)
        page.click("a.button.primary")  # "I have kept them, continue", in any language
    elif "/accounts/two-factor/" in page.url:
        page.fill("#id_token", totp_code(User.objects.get(username=username)))
        page.click("button.primary")
    expect(page.locator("header")).to_contain_text(username)
    assert "/accounts/two-factor/" not in page.url
