"""Real-browser tests: pytest-playwright driving Debian's Chromium, never a downloaded one."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from catalog.editors import EDITOR_GROUP, ensure_editor_group
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


@pytest.fixture
def live_editor(transactional_db):
    """An editor with a password, for logging in through the login form of a live server.

    Transactional tests flush the tables between tests, so recreate the Editor group first.
    """
    ensure_editor_group()
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
