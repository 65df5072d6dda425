"""The page cache on a shared Redis (``CACHE_URL=redis://...``): a real redis-server.

Skipped where redis-server is absent (``apt-get install -y redis-server``); CI installs it
and sets ``REQUIRE_REDIS_TESTS``, so there it must run.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from catalog.models import LanguageModel
from modelref.settings import cache_settings
from tests.factories import LanguageModelFactory

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free local port, for this module's tests."""
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is absent: apt-get install -y redis-server to run this test"
        if os.environ.get("REQUIRE_REDIS_TESTS"):  # CI (.ci/run) installs it: never skip
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_url):
    """The page cache as ``CACHE_URL`` configures it, on the test's redis-server."""
    settings.CACHES = {"default": cache_settings(redis_url)}
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    yield store
    store.flushdb()
    store.close()


def test_a_page_is_stored_in_redis_served_from_it_and_renewed_by_an_edit(
    client, redis_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert caches["default"].__class__.__name__ == "RedisCache"
    with django_capture_on_commit_callbacks(execute=True):
        model = LanguageModelFactory(slug="alpha", name="Alpha")
    assert redis_cache.dbsize() == 0
    assert "Alpha" in client.get("/models/").text
    stored = redis_cache.dbsize()
    assert stored >= 1  # in the shared store: any app server on it gets the page

    # Served from Redis: one query (the version), and a write that does not bump is unseen.
    LanguageModel.objects.filter(pk=model.pk).update(name="Alpha Renamed")
    with django_assert_num_queries(1):
        response = client.get("/models/")
    assert "Alpha" in response.text and "Alpha Renamed" not in response.text
    assert redis_cache.dbsize() == stored

    # An editor's save bumps the version: the next visitor gets a fresh page, stored anew.
    model.refresh_from_db()
    model.name = "Alpha Prime"
    with django_capture_on_commit_callbacks(execute=True):
        model.save()
    assert "Alpha Prime" in client.get("/models/").text
    assert redis_cache.dbsize() > stored
