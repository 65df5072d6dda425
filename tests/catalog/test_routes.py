"""One "cheapest route": catalog.routes' ranking in Python and its SQL twin agree."""

from decimal import Decimal as D

import pytest

from catalog.models import LanguageModel, Offering, ReviewStatus, RouteKind
from catalog.routes import blended_price, cheapest_route, rank_routes
from comparisons.costs import Traffic, cheapest_route_cost
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory


def offer(model, slug, input_price, output_price, kind=RouteKind.INFERENCE_HOST, **kwargs):
    name = kwargs.pop("name", slug.replace("-", " ").title())
    return OfferingFactory(
        model=model,
        provider=ProviderFactory(slug=slug, name=name, kind=kind),
        input_usd_per_mtok=None if input_price is None else D(input_price),
        output_usd_per_mtok=None if output_price is None else D(output_price),
        **kwargs,
    )


@pytest.fixture
def cases(db):
    """Models whose cheapest route only the documented measure and tie-break pick."""
    made = {}
    # Cheaper on input but dearer on output: input alone would pick "low-input".
    m = made["input-trap"] = LanguageModelFactory(slug="input-trap")
    offer(m, "low-input", "1", "6")  # blended 2.25
    offer(m, "balanced", "2", "1")  # blended 1.75
    # Input + output alone (1:1) would pick "cheap-output"; 3:1 picks "cheap-input".
    m = made["sum-trap"] = LanguageModelFactory(slug="sum-trap")
    offer(m, "cheap-output", "2.5", "1")  # blended 2.125, sum 3.5
    offer(m, "cheap-input", "1", "5")  # blended 2, sum 6
    # Exact tie on blended price with different figures: the lab's own API wins, though
    # its slug sorts last and it was created last.
    m = made["first-party-tie"] = LanguageModelFactory(slug="first-party-tie")
    offer(m, "alpha-host", "2", "2")  # blended 2
    offer(m, "zeta-lab-api", "1", "5", kind=RouteKind.FIRST_PARTY)  # blended 2
    # Exact tie between hosts: the provider slug, not the creation order or name, decides.
    m = made["slug-tie"] = LanguageModelFactory(slug="slug-tie")
    offer(m, "bravo-host", "1", "5", name="Alpha Host")
    offer(m, "alpha-two-host", "1", "5", name="Zulu Host")
    # An unknown output price (and a $0 on a paid route) next to a known one: not cheapest.
    m = made["unknown-output"] = LanguageModelFactory(slug="unknown-output")
    offer(m, "no-output", "0.1", None)
    offer(m, "zero-output", "0.1", "0")
    offer(m, "free-tier", "0", "0", kind=RouteKind.FREE_TIER)
    offer(m, "known", "1", "5")
    # Routes that do not count: retired, pending review. Nothing else is priced.
    m = made["nothing-counts"] = LanguageModelFactory(slug="nothing-counts")
    offer(m, "retired", "0.1", "0.1", status=Offering.Status.RETIRED)
    offer(m, "pending", "0.1", "0.1", review_status=ReviewStatus.PENDING)
    offer(m, "only-input", "0.1", None)
    return made


EXPECTED = {
    "input-trap": ("balanced", D("1.75")),
    "sum-trap": ("cheap-input", D("2")),
    "first-party-tie": ("zeta-lab-api", D("2")),
    "slug-tie": ("alpha-two-host", D("2")),
    "unknown-output": ("known", D("2")),
    "nothing-counts": (None, None),
}


def python_cheapest(model):
    routes = list(Offering.objects.live().filter(model=model).select_related("provider"))
    best = cheapest_route(routes)
    return (
        (best.provider.slug, blended_price(best.input_usd_per_mtok, best.output_usd_per_mtok))
        if best
        else (None, None)
    )


def test_python_ranking_picks_by_blended_price_then_first_party_then_slug(cases):
    assert {slug: python_cheapest(m) for slug, m in cases.items()} == EXPECTED


def test_sql_twin_agrees_with_the_python_ranking(cases):
    annotated = LanguageModel.objects.filter(slug__in=EXPECTED).with_cheapest_route()
    names = dict(Offering.objects.values_list("provider__name", "provider__slug"))
    sql = {m.slug: (names.get(m.cheapest_provider_name), m.blended_usd_per_mtok) for m in annotated}
    assert sql == EXPECTED
    for m in cases.values():
        routes = Offering.objects.live().filter(model=m).select_related("provider")
        in_sql = [o.provider.slug for o in routes.cheapest_first()]
        in_python = [o.provider.slug for o in rank_routes(list(routes))]
        assert in_sql == in_python


def test_every_unpriced_route_ranks_after_the_priced_one(cases):
    routes = (
        Offering.objects.live().filter(model=cases["unknown-output"]).select_related("provider")
    )
    assert [o.provider.slug for o in routes.cheapest_first()] == [
        "known",
        "free-tier",
        "no-output",
        "zero-output",
    ]


def test_directory_sorts_and_shows_the_same_cheapest_route(cases):
    row = LanguageModel.objects.with_cheapest_route().get(slug="input-trap")
    assert (row.cheapest_input_usd_per_mtok, row.cheapest_output_usd_per_mtok) == (D("2"), D("1"))
    assert row.cheapest_provider_name == "Balanced"


def test_a_traffic_cost_tie_goes_to_the_labs_own_api(cases):
    routes = list(
        Offering.objects.live().filter(model=cases["first-party-tie"]).select_related("provider")
    )
    # 3M input and 1M output cost $6 + $2 on one route and $3 + $5 on the other.
    chosen = cheapest_route_cost(routes, Traffic(input_tokens=3_000_000, output_tokens=1_000_000))
    assert chosen.route.provider.slug == "zeta-lab-api"
    assert chosen.estimate.total_usd == D("8")
