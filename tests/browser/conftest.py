"""Browser tests (decision 0021): a real headless Chromium driven by Playwright's sync API
against pytest-django's live server, on whichever database the pass uses (SQLite or
PostgreSQL).

The browser is the system's Chromium (Debian's ``chromium``; ``make chromium`` installs it),
never a browser Playwright downloads. One browser per test module: while Playwright's sync API
runs it keeps an asyncio loop running in the test thread, and Django refuses ORM calls from a
thread with a running loop unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. It is set only while the
browser runs (the tests themselves call the ORM to arrange and check records; the live server
answers in its own thread), and the loop is gone before the next module's tests.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.pages import Journey

CHROMIUM = os.environ.get("SIGHTLINE_CHROMIUM", "/usr/bin/chromium")


class OneRequestAtATime(WSGIServer):
    """The live server answers one request at a time. On SQLite the tests' database is in
    memory and the server's threads would share the test's one connection: a page load and the
    draft script's save arriving together then fail with "database table is locked", a fault of
    the test set-up, not of Sightline (a deployment's threads each have their own connection).
    Serial on PostgreSQL too, so both passes see the same server."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        with SERVING:
            super().process_request(request, client_address)


# Held while the live server answers a request. On SQLite the test's own queries wait for it
# (see ``journey``): a test that checks or arranges records just after a page showed its
# banner would otherwise meet the server still finishing that request on the shared
# connection ("database table is locked", CI of 7 December 2026).
SERVING = threading.RLock()


def _after_the_server(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    with SERVING:
        return execute(sql, params, many, context)


@pytest.fixture(scope="session")
def live_server(django_db_setup: None) -> Iterator[LiveServer]:
    """pytest-django's live server (on localhost, a free port), serving one request at a time.
    It needs the test database first, so that it stops (closing its connection) before the
    test database is dropped."""
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.server_class = OneRequestAtATime  # type: ignore[misc]
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run `make chromium` (or `apt-get install chromium`), "
            "or set SIGHTLINE_CHROMIUM to the browser's path"
        )
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def journey(context: BrowserContext, live_server: Any) -> Iterator[Journey]:
    """A page in the browser, with the checks every page of a journey gets (axe, no script
    error, a screenshot when asked)."""
    page: Page = context.new_page()
    journey = Journey(page, live_server.url)
    if connection.vendor == "sqlite":
        # The server shares this connection (in memory): each of the test's queries waits
        # until the server is between requests. Not on PostgreSQL, where the server has its
        # own connection and waiting could only add a deadlock.
        with connection.execute_wrapper(_after_the_server):
            yield journey
    else:
        yield journey
    journey.no_script_errors()
