"""The header's and footer's links (modelref.context_processors.site_links), reversed once
per URL prefix: the same URLs as {% url %} gave, under a SCRIPT_NAME prefix too."""

import re

import pytest
from django.urls import reverse, set_script_prefix

from modelref.context_processors import SITE_LINKS

pytestmark = pytest.mark.django_db


def nav_and_footer_links(html: str) -> list[str]:
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    return re.findall(r'href="([^"]+)"', header + footer)


@pytest.fixture
def prefix_reset():
    yield
    set_script_prefix("/")


def page_under(client, prefix: str) -> str:
    """/faq/ served under ``prefix``, as the WSGI and ASGI handlers set it from SCRIPT_NAME
    (the test client does not)."""
    set_script_prefix(prefix)
    return client.get("/faq/").content.decode()


def test_every_page_links_the_reversed_urls(client):
    links = nav_and_footer_links(client.get("/faq/").content.decode())
    expected = [reverse(name) for name in SITE_LINKS.values()]
    assert links[: len(expected)] == expected
    assert links[:3] == ["/", "/models/", "/compare/"]
    assert "/api/offerings.csv" in links and "/admin/" in links


def test_under_a_url_prefix_the_links_carry_it_and_without_one_they_do_not(client, prefix_reset):
    prefixed = nav_and_footer_links(page_under(client, "/ref/"))
    assert prefixed[:3] == ["/ref/", "/ref/models/", "/ref/compare/"]
    assert "/ref/api/offerings.csv" in prefixed and "/ref/admin/" in prefixed
    plain = nav_and_footer_links(page_under(client, "/"))
    assert plain[:3] == ["/", "/models/", "/compare/"]
    assert not any(link.startswith("/ref/") for link in plain)
