"""client_address: X-Forwarded-For counts only behind as many proxies as the settings trust."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import CorrectionReport
from modelref.clients import client_address
from tests.factories import LanguageModelFactory


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is the client's own claim, ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (0, "203.0.113.7", None, "203.0.113.7"),
        # One proxy: the address it appended (the last one); what the client wrote is not.
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6,198.51.100.1, 192.0.2.4", "192.0.2.4"),
        # Two proxies: the second address from the right.
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        # Fewer hops than trusted proxies, none at all, or garbage: the peer address.
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "6.6.6.6, ", "10.0.0.2"),
        # IPv6 is normalised, so one client has one key.
        (1, "10.0.0.2", "2001:DB8::0:1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(remote, forwarded)) == expected


@pytest.fixture
def model(db):
    return LanguageModelFactory(slug="alpha", name="Alpha")


def report(client, model, forwarded):
    data = {
        "figure": f"model:{model.slug}:context_window_tokens",
        "suggested_value": "200000",
        "source_url": "https://example.com/card",
        "models": model.slug,
    }
    return client.post(
        reverse("catalog:report-correction"),
        data,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_one_proxy_visitors_have_their_own_allowance(client, model, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CORRECTIONS_PER_HOUR = 1
    assert report(client, model, "198.51.100.1").status_code != 429
    assert report(client, model, "198.51.100.1").status_code == 429
    # Same proxy, another visitor: a fresh allowance.
    assert report(client, model, "198.51.100.2").status_code != 429
    # The first visitor spoofing an address to the left does not escape the limit.
    assert report(client, model, "192.0.2.99, 198.51.100.1").status_code == 429
    assert CorrectionReport.objects.count() == 2


def test_without_trusted_proxies_a_spoofed_header_does_not_escape_the_limit(
    client, model, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CORRECTIONS_PER_HOUR = 1
    assert report(client, model, "198.51.100.1").status_code != 429
    assert report(client, model, "198.51.100.2").status_code == 429
    assert CorrectionReport.objects.count() == 1
