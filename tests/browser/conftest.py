"""Real-browser tests: pytest-playwright driving Debian's Chromium, never a downloaded one."""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread

from catalog.editors import EDITOR_GROUP
from tests.browser.pages import (  # noqa: F401  (the shared page list: see pages.py)
    ALL_PAGES,
    CATALOGUE_PAGES,
    COMPARISON_PAGES,
    FITS_SCRIPT,
    ROUTE_HISTORY,
    VIEWPORT_HEIGHT,
    WIDTHS,
)
from tests.factories import UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EDITOR_PASSWORD = "a long editor passphrase"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent: apt-get install -y chromium to run browser tests"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):  # CI (.ci/run) installs it: never skip there
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def _connections_before_playwright():
    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_connections_before_playwright, playwright):
    """pytest-playwright's, keeping the test run on its database connections. Playwright's sync
    API leaves its asyncio loop marked running in the main thread between calls, and Django's
    connections (an asgiref ``Local``) are then kept per context, not per thread: without
    this, the tests after the first browser test would get a new connection, outside the
    shared layers' transaction (tests/layers.py) opened on the old one."""
    for alias, connection in _connections_before_playwright.items():
        connections[alias] = connection
    return playwright


class OneRequestAtATime(StaticFilesHandler):
    """Django's static-files handler, answering one request at a time: the server's threads
    share the test's one database connection."""

    lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return super().__call__(environ, start_response)


@dataclass(frozen=True)
class LiveSite:
    url: str


@pytest.fixture(scope="session")
def _shared_connection_server(django_db_setup):
    """A live server whose requests run in the test's own transaction: it uses the main
    thread's database connection (as Django's LiveServerTestCase does for in-memory SQLite),
    so browser tests read the shared catalogue (the ``bundled`` fixture) and roll back like
    any other test, with nothing committed or flushed."""
    connection = connections[DEFAULT_DB_ALIAS]
    owner, close = threading.current_thread(), connection.close

    def close_in_owner_thread():  # the server closes its connections after each request
        if threading.current_thread() is owner:
            close()

    connection.close = close_in_owner_thread
    connection.inc_thread_sharing()
    server = LiveServerThread(
        "localhost", OneRequestAtATime, connections_override={DEFAULT_DB_ALIAS: connection}
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield LiveSite(f"http://localhost:{server.port}")
    # The connection stays shareable, closed by its own thread only: a request thread a
    # browser's kept-alive socket wakes after this must not close it under the test run.
    server.terminate()


@pytest.fixture
def live_site(_shared_connection_server, db):
    """The live server, answering from this test's transaction (see above)."""
    return _shared_connection_server


@pytest.fixture
def live_editor(db):
    """An editor with a password, for logging in through the login form of a live server."""
    user = UserFactory(username="live-editor", password=EDITOR_PASSWORD)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


def resolve_path(path: str) -> str:
    """A page path from pages.py; ROUTE_HISTORY becomes the history of a route with a change."""
    if path != ROUTE_HISTORY:
        return path
    from catalog.models import PriceRecord

    record = PriceRecord.objects.order_by("-effective_on", "pk").first()
    return f"/pricing/routes/{record.offering_id}/"
