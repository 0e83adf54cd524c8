"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Run whenever a Chromium is installed (`make test` says loudly when it is not, and `.ci/run`
installs the `chromium` package). Screenshots of each step go to test-output/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser.support import CHROMIUM_ARGS, chromium_path


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls that set up
    # state from the same thread are still synchronous, so Django's async guard does not apply.
    # Set per test, so that it never leaks into other tests or their subprocesses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(allow_orm_beside_playwright: None) -> Iterator[Browser]:
    # One Playwright per test: while it runs, its event loop marks the thread as async, which
    # must not outlive the browser tests sharing a worker with the rest of the suite.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
