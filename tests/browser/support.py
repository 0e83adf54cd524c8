"""Helpers for browser tests: the Chromium to drive, phone-sized pages, screenshots."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, Page

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
