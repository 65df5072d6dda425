"""Two app servers on one database, each with its own page cache (the default): an edit in
the admin shows on both at once, because every cache key carries the catalogue version."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from catalog.editors import EDITOR_GROUP
from catalog.models import LanguageModel
from tests.catalog.test_admin import form_data
from tests.factories import LanguageModelFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base: str, path: str) -> tuple[str, dict]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.read().decode(), dict(response.headers)


@pytest.fixture
def two_servers(transactional_db):
    """Two gunicorn servers with production settings on the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "modelref.settings",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "",
        "STATIC_MANIFEST": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "POPULAR_FLUSH_SECONDS": "0",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [gunicorn, "modelref.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            for _ in range(150):
                try:
                    fetch(base, "/robots.txt")
                    break
                except OSError:
                    time.sleep(0.2)
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_an_admin_edit_shows_on_both_servers_at_once(two_servers, client):
    model = LanguageModelFactory(slug="alpha", name="Alpha Original")
    for base in two_servers:
        for _ in range(2):  # the second answer comes from that server's cache
            text, headers = fetch(base, "/models/")
            assert "Alpha Original" in text and "public" in headers["Cache-Control"]

    editor = UserFactory(username="two-servers-editor")
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)
    change = reverse("admin:catalog_languagemodel_change", args=[model.pk])
    data = form_data(client.get(change))
    data["name"] = "Alpha Edited"
    assert client.post(change, data).status_code == 302
    assert LanguageModel.objects.get(pk=model.pk).name == "Alpha Edited"

    for base in two_servers:
        text, _ = fetch(base, "/models/")
        assert "Alpha Edited" in text and "Alpha Original" not in text, base
