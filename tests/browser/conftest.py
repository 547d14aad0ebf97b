"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against the
application running in a thread of the test process (pytest-django's ``live_server``).

Chromium is never downloaded: the tests use ``/usr/bin/chromium`` (Debian's package,
``apt-get install -y chromium``). Without it they are skipped, unless
``HUITONG_REQUIRE_BROWSER=1`` is set (as in CI), in which case they fail.
"""

from __future__ import annotations

import os

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
# tests themselves (creating data, reading the result) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.core import mail
from django.core.cache import cache

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a loaded CI machine, short enough to keep a broken test well under 20 s.
TIMEOUT_MS = 8_000


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("HUITONG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (HUITONG_REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium`"
        )
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the `playwright` Python package is not installed")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (no cookies) on the live server: ``new_context()``
    returns a page whose relative ``goto`` addresses go to the application."""
    contexts: list[Any] = []

    def open_page(**options: Any) -> Any:
        options.setdefault("locale", "en-GB")
        options.setdefault("timezone_id", "UTC")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _clean_slate(settings: Any) -> None:
    """E-mail in memory, and no cached figures or log-in failures from an earlier test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    cache.clear()
