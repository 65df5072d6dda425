"""Public pages show a source and a date wherever a figure is, and $0 only where documented."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import FactSource, Provider
from tests import factories as f

pytestmark = pytest.mark.django_db
SNAPSHOT_DAY = dt.date(2026, 7, 2)


@pytest.fixture
def alpha():
    model = f.LanguageModelFactory(name="Alpha", slug="alpha")
    f.OfferingFactory(
        model=model,
        provider=f.ProviderFactory(name="Paid host"),
        source_url="https://paid.test/pricing",
        source_note="models.dev snapshot of 2026-07-02",
        last_verified_on=SNAPSHOT_DAY,
        input_usd_per_mtok=Decimal("0.000015"),
        output_usd_per_mtok=Decimal("2"),
    )
    f.OfferingFactory(
        model=model,
        provider=f.ProviderFactory(name="Free lane", kind=Provider.Kind.FREE_TIER),
        input_usd_per_mtok=Decimal("0"),
        output_usd_per_mtok=Decimal("0"),
        source_url="",
    )
    dated = f.BenchmarkFactory(name="Dated bench", slug="dated-bench")
    undated = f.BenchmarkFactory(name="Undated bench", slug="undated-bench")
    f.BenchmarkResultFactory(model=model, benchmark=dated, measured_on=dt.date(2025, 6, 1))
    f.BenchmarkResultFactory(model=model, benchmark=undated, measured_on=None)
    return model


def test_pricing_routes_show_source_and_checked_date_and_label_free_tiers(client, alpha):
    html = client.get(reverse("comparisons:pricing")).content.decode()
    # A one-line cell: what was read is the link's title (and read out), not a wrapped note.
    assert (
        '<a href="https://paid.test/pricing" rel="nofollow noopener" '
        'title="models.dev snapshot of 2026-07-02">source</a><span class="visually-hidden"> '
        "(models.dev snapshot of 2026-07-02)</span>, checked 2 Jul 2026"
    ) in html
    assert 'Free lane <span class="route-kind">Free tier or trial</span>' in html
    # The unsourced free tier's $0 is no documented price, and it is never a monthly cost.
    assert "$0<" not in html and "$0.00<" not in html
    assert "free tier or trial: not billed per token" in html
    # A tiny price keeps its precision.
    assert "$0.000015" in html


def test_route_history_names_what_was_read(client, alpha):
    offering = alpha.offerings.get(source_url="https://paid.test/pricing")
    html = client.get(reverse("comparisons:route-history", args=[offering.pk])).content.decode()
    assert "the provider's pricing page</a> (models.dev snapshot of 2026-07-02), checked" in html


def test_model_page_benchmark_rows_show_measured_date_or_date_unknown(client, alpha):
    html = client.get(alpha.get_absolute_url()).content.decode()
    assert "measured 1 Jun 2025" in html
    assert html.count('<span class="unknown">date unknown</span>') == 1
    assert 'Free lane</a> <span class="route-kind">Free tier or trial</span>' in html


def test_benchmark_page_rows_show_date_unknown(client, alpha):
    html = client.get(reverse("catalog:benchmark-detail", args=["undated-bench"])).content.decode()
    assert '<span class="unknown">date unknown</span>' in html


def test_comparison_only_lines_name_source_and_date(client, alpha):
    beta = f.LanguageModelFactory(name="Beta", slug="beta")
    vision = f.CapabilityFactory(name="Vision", slug="vision")
    f.ModelCapabilityFactory(model=alpha, capability=vision, support="yes")
    f.ModelCapabilityFactory(model=beta, capability=vision, support="no")
    f.FactSourceFactory(
        model=alpha,
        field=FactSource.Field.CAPABILITIES,
        url="https://alpha.test/card",
        checked_on=SNAPSHOT_DAY,
    )
    response = client.get(reverse("comparisons:compare", args=["alpha-vs-beta"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'Only Alpha has: Vision (<a href="https://alpha.test/card" rel="nofollow noopener">'
        "source</a>, checked 2 Jul 2026)."
    ) in html
    (line,) = re.findall(r"Not shared by every model, Alpha has: .*?</p>", html)
    assert (
        'Dated bench (standard): 50 (<a href="https://example.com/results" '
        'rel="nofollow noopener">source</a>, measured 1 Jun 2025)'
    ) in line, line
    assert '<span class="unknown">date unknown</span>' in line
