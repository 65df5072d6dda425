"""Security headers on every page type: HSTS (over HTTPS), Permissions-Policy, CSP."""

import re

import pytest
from django.urls import reverse

from tests.factories import BenchmarkResultFactory, LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    alpha = LanguageModelFactory(slug="alpha", name="Alpha")
    beta = LanguageModelFactory(slug="beta", name="Beta")
    offering = OfferingFactory(model=alpha)
    OfferingFactory(model=beta)
    result = BenchmarkResultFactory(model=alpha)
    return {"alpha": alpha, "offering": offering, "benchmark": result.benchmark}


@pytest.fixture
def https(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def page_urls(catalogue):
    alpha = catalogue["alpha"]
    return [
        "/",
        "/models/",
        alpha.get_absolute_url(),
        reverse("catalog:lab-detail", args=[alpha.lab.slug]),
        "/providers/",
        reverse("catalog:provider-detail", args=[catalogue["offering"].provider.slug]),
        "/benchmarks/",
        reverse("catalog:benchmark-detail", args=[catalogue["benchmark"].slug]),
        "/compare/",
        "/compare/alpha-vs-beta/",
        "/pricing/",
        reverse("comparisons:route-history", args=[catalogue["offering"].pk]),
        "/faq/",
        "/report/?models=alpha",
        "/feeds/models/",
        "/feeds/prices/atom/",
        "/api/models.json",
        "/api/offerings.csv",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/admin/login/",
        "/models/no-such-model/",
    ]


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in parts}


def test_every_page_type_sends_the_security_headers(client, catalogue, https):
    for url in page_urls(catalogue):
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), url
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy, url
        assert "microphone=()" in policy, url
        csp = directives(response["Content-Security-Policy"])
        assert csp["base-uri"] == "'none'", url
        assert csp["form-action"] == "'self'", url
        assert csp["frame-ancestors"] == "'none'", url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert csp["style-src"].startswith("'self'"), url
        assert csp["script-src"].startswith("'self'"), url


def test_the_admin_sends_them_too(editor_client, https):
    response = editor_client.get("/admin/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "camera=()" in response["Permissions-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_hsts_only_over_https_and_plain_http_is_redirected(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/faq/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/faq/"
    assert "Strict-Transport-Security" not in response
    # The load balancer's health check is answered over plain HTTP.
    assert client.get("/healthz").status_code == 200


def test_no_page_has_an_inline_style_or_script(client, catalogue):
    """Pages the CSP would break: a style attribute, a <style> block or an executable
    <script> without a src (JSON-LD data blocks are not executed, so they may stay)."""
    inline_script = re.compile(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))")
    for url in page_urls(catalogue):
        response = client.get(url)
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.text
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert not inline_script.search(html), url


def test_chart_styles_live_in_the_static_stylesheet():
    """Charts carry no <style>, style= or script (the CSP forbids them): static/css/charts.css
    has a rule for every class they draw with but those that only group their parts."""
    import datetime as dt
    from decimal import Decimal
    from pathlib import Path

    from django.conf import settings

    from catalog.charts import Point, bar_chart, price_history_chart, price_score_chart

    charts = [
        bar_chart("Context window", [("Alpha", Decimal(1)), ("Beta", None)], "tokens"),
        price_score_chart(
            [Point("A", Decimal(50), Decimal(1)), Point("B", Decimal(40), Decimal(2))],
            benchmark="Bench",
            cost_label="Cost",
        ),
        price_history_chart("A on P", [(dt.date(2025, 1, 1), Decimal(1), Decimal(3))]),
    ]
    for svg in charts:
        assert "<style" not in svg and " style=" not in svg and "<script" not in svg
    used = {
        name
        for svg in charts
        for names in re.findall(r'class="([^"]*)"', svg)
        for name in names.split()
    }
    stylesheet = Path(settings.BASE_DIR, "static/css/charts.css").read_text()
    styled = set(re.findall(r"\.([a-zA-Z][\w-]*)", stylesheet))
    grouping = {"horizontalbar-graph", "xy-graph", "horizontal", "vertical", "always_show"}
    grouping |= {"plot_title", "rect", "serie-0", "serie-1", "titles"}
    assert used - styled - grouping == {"chart-wide", "chart-narrow"}  # styled in site.css
    assert {"color-0", "color-1", "dot", "label", "value", "guide", "major"} <= styled
