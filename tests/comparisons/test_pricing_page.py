"""/pricing/ and a route's price history through the test client."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.formatting import format_date
from catalog.models import LanguageModel, Offering
from catalog.routes import blended_price
from comparisons import pages
from comparisons.costs import Traffic, route_cost
from comparisons.pricing import (
    MODELS_PER_PAGE,
    cost_page,
    least_cost_per_blended_usd,
    ordered_for_pricing,
    page_models,
    route_cost_sql,
)
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LabFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)
from tests.layers import committed

pytestmark = pytest.mark.django_db
PRICING = reverse("comparisons:pricing")


@pytest.fixture
def catalogue():
    cheap = LanguageModelFactory(name="Cheapo", lab=LabFactory(slug="acme", name="Acme"))
    dear = LanguageModelFactory(name="Dearo")
    unpriced = LanguageModelFactory(name="Mystery")
    OfferingFactory(
        model=cheap,
        provider=ProviderFactory(name="Host A"),
        input_usd_per_mtok=Decimal("0.10"),
        output_usd_per_mtok=Decimal("0.40"),
        cached_input_usd_per_mtok=Decimal("0.01"),
        batch_discount_percent=Decimal("50"),
    )
    OfferingFactory(
        model=cheap,
        provider=ProviderFactory(name="Host B"),
        input_usd_per_mtok=Decimal("0.20"),
        output_usd_per_mtok=Decimal("0.80"),
    )
    OfferingFactory(
        model=dear,
        provider=ProviderFactory(name="Host C"),
        input_usd_per_mtok=Decimal("3"),
        output_usd_per_mtok=Decimal("15"),
    )
    OfferingFactory(
        model=unpriced,
        provider=ProviderFactory(name="Host D"),
        input_usd_per_mtok=Decimal("1"),
        output_usd_per_mtok=None,
    )
    return cheap, dear, unpriced


def groups(response):
    return response.context["page"].object_list


def ranking(response):
    """The listed models whose cheapest route prices the traffic, in the page's order."""
    return [group.model.name for group in groups(response) if group.cost and group.cost.available]


def listed(response):
    """(model, first route's provider) in the order the page lists the models."""
    return [
        (group.model.name, group.first.offering.provider.name if group.first else None)
        for group in response.context["page"].object_list
    ]


def test_ranks_models_by_monthly_cost_and_lists_unpriced_apart(client, catalogue):
    response = client.get(PRICING)
    assert response.status_code == 200
    assert ranking(response) == ["Cheapo", "Dearo"]
    # Each model once, its cheapest complete route first; the unpriced model last, with why.
    assert [name for name, _ in listed(response)] == ["Cheapo", "Dearo", "Mystery"]
    listed_groups = groups(response)
    assert listed_groups[0].cheapest.offering.provider.name == "Host A"
    assert [row.offering.provider.name for row in listed_groups[0].others] == ["Host B"]
    assert listed_groups[2].cheapest is None
    assert "no output price sourced" in response.text
    assert "1 more route for Cheapo" in response.text


def test_on_an_equal_cost_the_labs_own_api_comes_first_then_the_provider(client):
    model = LanguageModelFactory(name="Tied")
    for slug, name, kind in [
        ("beta-host", "Beta Host", "inference-host"),
        ("zed-labs-api", "Zed Labs API", "first-party"),  # last by slug and by name
        ("alpha-cloud", "Alpha Cloud", "cloud"),
    ]:
        OfferingFactory(model=model, provider=ProviderFactory(slug=slug, name=name, kind=kind))
    response = client.get(PRICING)
    (group,) = response.context["page"].object_list
    assert group.cheapest.offering.provider.name == "Zed Labs API"
    assert [row.offering.provider.name for row in group.others] == ["Alpha Cloud", "Beta Host"]


def test_monthly_traffic_to_the_cent(client, catalogue):
    response = client.get(
        PRICING, {"input_tokens_per_month": 10_000_000, "output_tokens_per_month": 1_000_000}
    )
    assert ranking(response) == ["Cheapo", "Dearo"]
    first = groups(response)[0]
    assert first.cost.total_usd == Decimal("1.4")  # 10 * 0.10 + 1 * 0.40
    assert "$1.40" in response.text


def cost_cells(response) -> list[str]:
    return re.findall(r'<td class="num cost">([^<]*)</td>', response.text)


def test_one_money_precision_for_the_whole_table(client, catalogue):
    # Cheapo $5.00 / $10.00 (its folded route) next to Dearo $180: all whole dollars.
    mixed = client.get(
        PRICING, {"input_tokens_per_month": 10_000_000, "output_tokens_per_month": 10_000_000}
    )
    assert cost_cells(mixed) == ["$5", "$10", "$180"]
    # Every amount under $100: all in cents.
    small = client.get(
        PRICING, {"input_tokens_per_month": 10_000_000, "output_tokens_per_month": 1_000_000}
    )
    assert cost_cells(small) == ["$1.40", "$2.80", "$45.00"]
    # The chart's data table follows the same rule for its own amounts.
    benchmark = BenchmarkFactory(score_decimals=1)
    cheap, dear, _ = catalogue
    BenchmarkResultFactory(model=cheap, benchmark=benchmark, score=Decimal("40"))
    BenchmarkResultFactory(model=dear, benchmark=benchmark, score=Decimal("80"))
    chart = client.get(
        PRICING, {"input_tokens_per_month": 10_000_000, "output_tokens_per_month": 10_000_000}
    )
    data = chart.text.split("The chart's data</caption>")[1]
    assert re.findall(r'<td class="num">(\$[^<]*)</td>', data) == ["$5", "$180"]
    assert ">40.0</td>" in data and ">80.0</td>" in data  # the benchmark's precision


def test_caching_and_batching_show_the_saving(client, catalogue):
    response = client.get(
        PRICING,
        {
            "input_tokens_per_month": 100_000_000,
            "output_tokens_per_month": 0,
            "cached_share": "50",
        },
    )
    row = groups(response)[0]
    assert row.model.name == "Cheapo"
    assert row.cost.total_usd == Decimal("5.5")  # 50M at 0.10 + 50M at 0.01
    assert row.cost.saving_usd == Decimal("4.5")
    # Routes without a cached-input price cannot be priced for this traffic.
    assert ranking(response) == ["Cheapo"]
    assert "no cached-input price sourced" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {
            "requests_per_day": "-1",
            "input_tokens_per_request": "1",
            "output_tokens_per_request": "1",
        },
        {"input_tokens_per_month": "abc", "output_tokens_per_month": "1"},
        {"input_tokens_per_month": "1"},
        {"requests_per_day": "5"},
        {"input_tokens_per_month": "1", "output_tokens_per_month": "1", "batch_share": "101"},
        {"sort": "nonsense", "benchmark": "nope", "min_context": "abc"},
    ],
)
def test_bad_input_gives_a_clear_message(client, catalogue, params):
    response = client.get(PRICING, params)
    assert response.status_code == 200
    assert "could not be used" in response.text


def test_directory_filters_narrow_the_pricing_page(client, catalogue):
    response = client.get(PRICING, {"lab": "acme"})
    assert ranking(response) == ["Cheapo"]
    assert listed(response) == [("Cheapo", "Host A")]


def test_models_sort_by_their_first_route_unknown_last(client, catalogue):
    LanguageModelFactory(name="Aardvark")  # no route at all: last whatever the order
    descending = client.get(PRICING, {"sort": "-output"})
    assert listed(descending) == [
        ("Dearo", "Host C"),
        ("Cheapo", "Host A"),
        ("Aardvark", None),
        ("Mystery", "Host D"),
    ]
    by_name = client.get(PRICING, {"sort": "model"})
    assert [name for name, _ in listed(by_name)] == ["Aardvark", "Cheapo", "Dearo", "Mystery"]
    assert 'aria-sort="ascending"' in by_name.text


def test_price_versus_score_chart_marks_the_frontier(client, catalogue):
    cheap, dear, _ = catalogue
    benchmark = BenchmarkFactory(name="Hard Bench")
    BenchmarkResultFactory(model=cheap, benchmark=benchmark, score=Decimal("40"))
    BenchmarkResultFactory(model=dear, benchmark=benchmark, score=Decimal("80"))
    response = client.get(PRICING)
    assert "Price versus Hard Bench" in response.text
    assert "<svg" in response.text
    section = response.context["chart"]
    assert [p.label for p in section.frontier] == ["Cheapo", "Dearo"]


@pytest.mark.parametrize(
    ("traffic", "order"),
    [
        (
            {"input_tokens_per_month": "10000000", "output_tokens_per_month": "0"},
            ["Reader", "Writer"],
        ),
        (
            {"input_tokens_per_month": "0", "output_tokens_per_month": "10000000"},
            ["Writer", "Reader"],
        ),
    ],
)
def test_the_cost_order_follows_the_traffic(client, traffic, order):
    # Reader is cheap to read and dear to write; Writer the other way round.
    for name, input_price, output_price in (("Reader", "1", "10"), ("Writer", "5", "1")):
        OfferingFactory(
            model=LanguageModelFactory(name=name),
            input_usd_per_mtok=Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
        )
    response = client.get(PRICING, traffic)
    assert ranking(response) == order
    assert (
        client.get(PRICING, {**traffic, "sort": "-cost"}).context["page"].object_list[0].model.name
        == order[1]
    )


@pytest.mark.parametrize(
    "traffic",
    [
        Traffic(input_tokens=3_000_001, output_tokens=777),
        Traffic(input_tokens=10**12, output_tokens=10**11),
        Traffic(input_tokens=1_234_567, output_tokens=1, cached_share_percent=Decimal("33.3")),
        Traffic(
            input_tokens=999,
            output_tokens=5_000_003,
            cached_share_percent=Decimal("12.5"),
            batch_share_percent=Decimal("66.6"),
        ),
        Traffic(input_tokens=0, output_tokens=0, batch_share_percent=Decimal("100")),
    ],
)
def test_the_sql_route_cost_is_the_decimal_one(traffic):
    """The order's SQL twin gives route_cost's exact figure, and None where it has none."""
    routes = [
        ("0.1234567891", "15", "0.0000000001", "50", "inference-host"),
        ("3", "0.25", None, "12.5", "inference-host"),
        ("7", "9", "1.5", None, "first-party"),
        ("0", "2", "1", "50", "inference-host"),  # a $0 on a paid route: no price
        ("1", "1", "1", "50", "free-tier"),  # not billed per token
    ]
    for input_price, output_price, cached, discount, kind in routes:
        OfferingFactory(
            input_usd_per_mtok=Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
            cached_input_usd_per_mtok=cached and Decimal(cached),
            batch_discount_percent=discount and Decimal(discount),
            provider=ProviderFactory(kind=kind),
        )
    offerings = (
        Offering.objects.select_related("provider")
        .order_by("pk")
        .annotate(sql_cost=route_cost_sql(traffic))
    )
    costs = [(o.sql_cost, route_cost(o, traffic).total_usd) for o in offerings]
    assert [sql for sql, _ in costs] == [python for _, python in costs]
    assert sum(python is not None for _, python in costs) >= 1
    assert costs[-2:] == [(None, None), (None, None)]


@pytest.mark.parametrize(
    "traffic",
    [
        {"input_tokens_per_month": "10000000", "output_tokens_per_month": "0"},
        {"input_tokens_per_month": "0", "output_tokens_per_month": "10000000"},
    ],
)
def test_a_model_is_ordered_by_its_cheapest_route_at_the_traffic(client, traffic):
    # Both: one route cheap to read, one cheap to write ($10 a month either way at these
    # traffics); Mid: one route, $30. By the blended (3:1) cheapest route, Both would cost
    # $100 writing 10M tokens and sort after Mid.
    both = LanguageModelFactory(name="Both")
    OfferingFactory(model=both, input_usd_per_mtok=Decimal(1), output_usd_per_mtok=Decimal(10))
    OfferingFactory(model=both, input_usd_per_mtok=Decimal(10), output_usd_per_mtok=Decimal(1))
    OfferingFactory(
        model=LanguageModelFactory(name="Mid"),
        input_usd_per_mtok=Decimal(3),
        output_usd_per_mtok=Decimal(3),
    )
    response = client.get(PRICING, traffic)
    assert ranking(response) == ["Both", "Mid"]
    assert groups(response)[0].cost.total_usd == Decimal(10)
    assert ranking(client.get(PRICING, {**traffic, "sort": "-cost"})) == ["Mid", "Both"]


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_is_fixed(client, size, django_assert_num_queries):
    with committed():
        for _ in range(size):
            model = LanguageModelFactory()
            for _ in range(3):
                OfferingFactory(model=model)
        BenchmarkResultFactory()
    # Presets, filter choices (one query for the four lists), the models' count, a page of
    # them, their routes, the page's price history, benchmarks, the chart's points: the
    # same at 3 models as at 40 (over a page of them, so only a page is fetched and priced).
    # And, ordered by cost (the default), the probe that bounds which models can be on it,
    # and the chart's probe that bounds which models it can show; the page is read as its
    # ids (off the narrow cost-bounds index), then those rows. A later page links to the
    # first page's chart instead: no benchmarks, points nor chart probe.
    total = size + 1  # and the benchmark result's model
    on_page_two = total > MODELS_PER_PAGE
    with django_assert_num_queries(9 if on_page_two else 12):  # 1: the catalogue version
        response = client.get(PRICING, {"page": "2"})
    assert response.status_code == 200
    assert response.context["page"].number == (2 if on_page_two else 1)
    expected = min(MODELS_PER_PAGE, total - MODELS_PER_PAGE) if on_page_two else total
    assert len(groups(response)) == expected
    with django_assert_num_queries(12):
        assert client.get(PRICING).status_code == 200


def test_the_chart_is_on_the_first_page_and_later_pages_link_to_it(client, five_models):
    benchmark = BenchmarkFactory()
    for n, score in ((1, "40"), (4, "60")):
        model = LanguageModel.objects.get(name=f"Model {n}")
        BenchmarkResultFactory(model=model, benchmark=benchmark, score=Decimal(score))
    slug = benchmark.slug
    first = client.get(PRICING, {"benchmark": slug, "sort": "input"})
    assert first.context["chart"].benchmark.slug == slug
    assert 'id="id_benchmark"' in first.text and "the first page</a>" not in first.text
    later = client.get(PRICING, {"benchmark": slug, "sort": "input", "page": "2"})
    assert later.status_code == 200 and later.context["chart"] is None
    assert 'id="id_benchmark"' not in later.text
    link = f'<a href="?benchmark={slug}&amp;sort=input#price-score">the first page</a>'
    assert link in later.text


@pytest.fixture
def five_models(monkeypatch):
    monkeypatch.setattr("comparisons.pages.MODELS_PER_PAGE", 2)
    for n in range(1, 6):  # model n costs n times the first
        OfferingFactory(
            model=LanguageModelFactory(name=f"Model {n}"),
            input_usd_per_mtok=Decimal(n),
            output_usd_per_mtok=Decimal(n),
        )


def test_pages_are_stable_links_that_keep_the_traffic_and_the_order(client, five_models):
    query = {"sort": "-cost", "input_tokens_per_month": "1000000", "output_tokens_per_month": "0"}
    response = client.get(PRICING, {**query, "page": "2"})
    assert [name for name, _ in listed(response)] == ["Model 3", "Model 2"]
    assert "Page 2 of 3" in response.text
    next_link = re.search(r'<a href="([^"]+)" rel="next">', response.text).group(1)
    assert next_link == (
        "?sort=-cost&amp;input_tokens_per_month=1000000&amp;output_tokens_per_month=0&amp;page=3"
    )
    last = client.get(PRICING, {**query, "page": "3"})
    assert [name for name, _ in listed(last)] == ["Model 1"]
    assert "$1.00" in last.text


@pytest.mark.parametrize(
    ("page", "first"), [("999", "Model 5"), ("abc", "Model 1"), ("0", "Model 5")]
)
def test_a_page_out_of_range_shows_the_nearest_page(client, five_models, page, first):
    response = client.get(PRICING, {"page": page})
    assert response.status_code == 200
    assert listed(response)[0][0] == first


def test_a_model_lists_at_most_three_other_routes_and_links_to_all(client):
    model = LanguageModelFactory(name="Popular", slug="popular")
    for n in range(12):
        OfferingFactory(
            model=model, input_usd_per_mtok=Decimal(n + 1), output_usd_per_mtok=Decimal(1)
        )
    response = client.get(PRICING)
    group = response.context["page"].object_list[0]
    assert group.cheapest.offering.input_usd_per_mtok == Decimal(1)
    assert [row.offering.input_usd_per_mtok for row in group.others] == [2, 3, 4]
    assert group.unlisted == 8
    assert "11 more routes for Popular" in response.text
    assert '8 more: <a href="/models/popular/#pricing">all 12 routes' in response.text


def test_route_history_page_shows_old_and_new_prices(client, catalogue):
    offering = Offering.objects.get(provider__name="Host A")
    offering.input_usd_per_mtok = Decimal("0.05")
    offering.save()
    response = client.get(reverse("comparisons:route-history", args=[offering.pk]))
    assert response.status_code == 200
    assert "$0.10" in response.text and "$0.05" in response.text
    assert "<svg" in response.text
    pricing = client.get(PRICING)
    assert f"{format_date(dt.date.today())}: input $0.10 → $0.05" in pricing.text


def test_route_history_of_a_draft_model_is_404(client):
    offering = OfferingFactory(model=LanguageModelFactory(is_published=False))
    assert client.get(reverse("comparisons:route-history", args=[offering.pk])).status_code == 404
    assert client.get(reverse("comparisons:route-history", args=[999999])).status_code == 404


FLOOR_TRAFFICS = [
    Traffic(input_tokens=3_000_000, output_tokens=1_000_000),  # the blend's own 3 : 1
    Traffic(input_tokens=10_000_000, output_tokens=50_000),
    Traffic(input_tokens=1_000, output_tokens=7_000_000),
    Traffic(
        input_tokens=4_000_000,
        output_tokens=900_000,
        cached_share_percent=Decimal("37.5"),
        batch_share_percent=Decimal("60"),
    ),
]


@pytest.mark.parametrize("traffic", FLOOR_TRAFFICS)
def test_no_route_costs_less_than_the_floor_of_its_blended_price(traffic):
    """The floor pruning rests on, against routes at both ends of the blend (nearly all
    input, nearly all output), with and without cache and batch prices."""
    floor = least_cost_per_blended_usd(traffic)
    for input_price, output_price, cached, discount in [
        ("0.000001", "40", "0", "100"),
        ("40", "0.000001", "0", "100"),
        ("2.5", "10", "1.25", "50"),
        ("0.15", "0.6", "0.15", "0"),
    ]:
        route = OfferingFactory.build(
            input_usd_per_mtok=Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
            cached_input_usd_per_mtok=Decimal(cached),
            batch_discount_percent=Decimal(discount),
        )
        blended = blended_price(route.input_usd_per_mtok, route.output_usd_per_mtok)
        assert route_cost(route, traffic).total_usd >= floor * blended, (traffic, route)


def test_at_the_blends_own_ratio_the_floor_is_the_cost():
    """3 input tokens to 1 output, no cache or batch: every route costs exactly its blended
    price times the floor (the bound is tight, so it prunes as much as it may)."""
    traffic = FLOOR_TRAFFICS[0]
    route = OfferingFactory.build(input_usd_per_mtok=Decimal(2), output_usd_per_mtok=Decimal(7))
    assert least_cost_per_blended_usd(traffic) == 4  # 4 x min(3M / 3, 1M) per 1M
    assert route_cost(route, traffic).total_usd == 4 * blended_price(Decimal(2), Decimal(7))


@pytest.fixture
def priced_models():
    """Models costing 1, 2, 2, 3, 4, 50 and 90 times a unit at 3 : 1 traffic (equal costs
    ordered by name), one with two routes (the cheaper counts), and two with no price."""
    for name, price in [
        ("Ace", 2),
        ("Bee", 1),
        ("Cat", 2),
        ("Dog", 4),
        ("Eel", 3),
        ("Fox", 90),
        ("Gnu", 50),
    ]:
        OfferingFactory(
            model=LanguageModelFactory(name=name),
            input_usd_per_mtok=Decimal(price),
            output_usd_per_mtok=Decimal(price),
        )
    OfferingFactory(
        model=LanguageModel.objects.get(name="Eel"),
        input_usd_per_mtok=Decimal(30),
        output_usd_per_mtok=Decimal(30),
    )
    for name in ("Hen", "Ant"):
        OfferingFactory(model=LanguageModelFactory(name=name), output_usd_per_mtok=None)


def test_a_cost_page_is_read_among_the_models_that_can_be_on_it(priced_models):
    traffic = FLOOR_TRAFFICS[0]
    models = ordered_for_pricing(
        LanguageModel.objects.published().with_cheapest_route(), traffic=traffic, sort="cost"
    )
    page = cost_page(models, traffic=traffic, start=0, stop=2)
    assert [m.name for m in page] == [m.name for m in models[:2]] == ["Bee", "Ace"]
    # The 2nd least month on a model's cheapest route by blended price ($2) bounds the page:
    # only the three models that may cost $2 or less are costed, not nine (Eel's cheapest
    # route costs 3, and its dearer one 30).
    page.query.clear_limits()
    assert [m.name for m in page.all()] == ["Bee", "Ace", "Cat"]
    page = cost_page(models, traffic=traffic, start=2, stop=4)
    assert [m.name for m in page] == [m.name for m in models[2:4]] == ["Cat", "Eel"]
    assert page.query.low_mark == 1  # Bee ($1, under the 3rd least $2) skipped; not Ace ($2)


@pytest.mark.parametrize("sort", ["cost", "-cost"])
@pytest.mark.parametrize("traffic", FLOOR_TRAFFICS)
@pytest.mark.parametrize("page", ["1", "2", "3", "4", "5"])
def test_a_cost_page_lists_what_the_whole_order_lists(
    client, priced_models, monkeypatch, traffic, page, sort
):
    """Pages 1 to 5 of two (the last one past the priced models: read whole) with and
    without the bound, at traffics the blend fits well or badly, least and dearest first."""
    monkeypatch.setattr("comparisons.pages.MODELS_PER_PAGE", 2)
    query = {
        "sort": sort,
        "input_tokens_per_month": traffic.input_tokens,
        "output_tokens_per_month": traffic.output_tokens,
        "cached_share": traffic.cached_share_percent,
        "batch_share": traffic.batch_share_percent,
        "page": page,
    }
    bounded = listed(client.get(PRICING, query))
    monkeypatch.setattr(pages, "cost_page", lambda models, start, stop, **_: models[start:stop])
    assert listed(client.get(PRICING, query)) == bounded
    assert len(bounded) == (1 if page == "5" else 2)


@pytest.mark.parametrize("higher_is_better", [True, False])
@pytest.mark.parametrize("traffic", FLOOR_TRAFFICS)
def test_the_chart_shows_what_costing_every_scored_model_shows(
    client, monkeypatch, higher_is_better, traffic
):
    """Two points a chart; ten scored models: cheap and weak, dear and strong, equal costs
    and equal scores. Bounded or not, the same points and frontier."""
    monkeypatch.setattr("comparisons.pricing.CHART_POINTS", 2)
    bench = BenchmarkFactory(slug="chart-bench", higher_is_better=higher_is_better)
    for n, (price, score) in enumerate(
        [(1, 10), (2, 10), (2, 30), (3, 20), (5, 50), (8, 40), (8, 60), (13, 55), (21, 90), (34, 5)]
    ):
        model = LanguageModelFactory(name=f"Scored {n}")
        OfferingFactory(
            model=model,
            input_usd_per_mtok=price,
            output_usd_per_mtok=price,
            cached_input_usd_per_mtok=Decimal(price) / 10,
            batch_discount_percent=50,
        )
        BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(score))
    query = {
        "input_tokens_per_month": traffic.input_tokens,
        "output_tokens_per_month": traffic.output_tokens,
        "cached_share": traffic.cached_share_percent,
        "batch_share": traffic.batch_share_percent,
        "benchmark": "chart-bench",
    }

    def chart():
        section = client.get(PRICING, query).context["chart"]
        return [(p.label, p.cost) for p in section.points], [p.label for p in section.frontier]

    bounded = chart()
    monkeypatch.setattr("comparisons.pricing.least_cost_per_blended_usd", lambda traffic: 0)
    assert chart() == bounded
    assert len(bounded[0]) >= 2


def test_page_models_reads_a_slice_by_its_ids_in_the_slices_order():
    # Created a, b, c: the slice's order (by name, descending) is against the ids' order,
    # and the rows come back whole, with what the pricing page reads of them.
    for name in ("Alpha", "Bravo", "Charlie"):
        LanguageModelFactory(name=name)
    models = LanguageModel.objects.select_related("lab").order_by("-name")
    rows = page_models(models, models[1:3])
    assert [model.name for model in rows] == ["Bravo", "Alpha"]
    assert all(model.lab.name for model in rows)


def test_route_cells_escape_as_django_escapes(client):
    """/pricing/'s route cells render with Jinja2 (jinja2/comparisons/price_cells.html),
    escaping every value as Django's templates do; a route with no recorded change says so."""
    provider = ProviderFactory(name="""Host "H" & <B's>""", slug="host-h")
    offering = OfferingFactory(
        provider=provider,
        provider_model_id="m<1>'\"",
        source_url="https://example.com/p?a=1&b=2",
    )
    page = client.get(PRICING).text
    assert (
        '<td class="route">Host &quot;H&quot; &amp; &lt;B&#x27;s&gt;<br>'
        "<code>m&lt;1&gt;&#x27;&quot;</code></td>"
        '<td class="num">$1.00</td><td class="num">$5.00</td>'
    ) in page
    history = reverse("comparisons:route-history", args=[offering.pk])
    assert f'<td class="change"><a href="{history}">none recorded</a></td>' in page
    assert 'href="https://example.com/p?a=1&amp;b=2"' in page


# Each model's routes: (provider, input, output, cached input, cache write, batch discount).
FIGURED_ROUTES = {
    # cheapest by the blend (3 : 1) is the first; at output-heavy traffic the second
    "Ant": [("amber", 1, 10, "0.1", "1.25", 50), ("Zinc", 4, 2, None, None, None)],
    "Bee": [("birch", 2, 2, "0.2", None, 50)],
    "Cat": [("Birch Two", 2, 2, "0.2", None, 50)],  # Bee's figures: ordered by name
    "Dog": [("cedar", 1, 10, None, "1.25", None), ("amber", 2, 2, "0.5", None, 20)],
    "Eel": [("dune", 3, 3, None, "3.75", 10)],
    "Fox": [("elm", 1, None, None, None, None)],  # no output price: no priced route
    "Gnu": [("fir", 0, 1, "0", None, 90)],  # a $0 input is no documented price
    "Hen": [("grove", 5, 1, "1", "6", 20), ("Heath", 1, 5, "0.1", "1", 40)],
    "Ibis": [("amber", 2, 2, "0.2", None, 50)],  # Bee's figures again, another provider
    "Jay": [("ash", 10, 10, "1", "12", 50), ("birch", 9, 11, None, None, None)],
    # the least input price with the greatest discount: the batched input's least
    "Kite": [("cedar", 2, 2, None, None, 90), ("dune", 3, 2, None, None, 0)],
    # at 10M : 50k tokens both cost the same: the tie-break picks Aardvark, not the blend's
    "Lark": [("Aardvark", 1, 10, None, None, None), ("Zebra", "1.045", 1, None, None, None)],
    # identical routes: the tie-break picks Bison at any traffic
    "Mole": [("Yak", 2, 3, "1", "2", 50), ("Bison", 2, 3, "1", "2", 50)],
    # the same prices: Alpha wins the tie-break, but with cached input Omega costs less
    "Newt": [("Alpha", 2, 2, "1", None, 50), ("Omega", 2, 2, "0.1", None, 50)],
}
ROUTE_FIGURE_SORTS = ["provider", "input", "output", "cached", "cache_write", "batch_input"]


@pytest.fixture
def figured_models(db):
    for name, routes in FIGURED_ROUTES.items():
        model = LanguageModelFactory(name=name)
        for provider, price_in, price_out, cached, write, discount in routes:
            OfferingFactory(
                model=model,
                provider=ProviderFactory(slug=provider.lower().replace(" ", "-"), name=provider),
                input_usd_per_mtok=Decimal(price_in),
                output_usd_per_mtok=None if price_out is None else Decimal(price_out),
                cached_input_usd_per_mtok=None if cached is None else Decimal(cached),
                cache_write_usd_per_mtok=None if write is None else Decimal(write),
                batch_discount_percent=None if discount is None else Decimal(discount),
            )
    # A free tier's lower prices are no bound: it is never a model's cheapest route.
    OfferingFactory(
        model=LanguageModel.objects.get(name="Eel"),
        provider=ProviderFactory(slug="aaa-free", name="AAA Free", kind="free-tier"),
        input_usd_per_mtok=Decimal("0.01"),
        output_usd_per_mtok=Decimal("0.01"),
    )


def by_the_definition(sort: str, traffic: Traffic) -> list[str]:
    """The models in ``sort``'s order by the Python ranking (``model_group``): each one's
    figure of its cheapest route at ``traffic``, unknown last, ties by name."""
    from comparisons.pricing import model_group

    figures = {
        "provider": lambda route: route.provider.name.lower(),
        "input": lambda route: route.input_usd_per_mtok,
        "output": lambda route: route.output_usd_per_mtok,
        "cached": lambda route: route.cached_input_usd_per_mtok,
        "cache_write": lambda route: route.cache_write_usd_per_mtok,
        "batch_input": lambda route: (
            route.batch_discount_percent
            and route.input_usd_per_mtok * (100 - route.batch_discount_percent)
        ),
    }
    figure = figures[sort.lstrip("-")]
    models = sorted(
        LanguageModel.objects.published().prefetch_related("offerings__provider"),
        key=lambda model: model.name.lower(),
    )
    known, unknown = [], []
    for model in models:
        cheapest = model_group(model, traffic).cheapest
        value = figure(cheapest.offering) if cheapest else None
        (unknown if value is None else known).append((value, model.name))
    known.sort(key=lambda pair: pair[0], reverse=sort.startswith("-"))  # stable: ties by name
    return [name for _, name in known + unknown]


@pytest.mark.parametrize("expired", [False, True], ids=["stored", "expired"])
@pytest.mark.parametrize("dearest", [False, True], ids=["least", "dearest"])
@pytest.mark.parametrize("sort", ROUTE_FIGURE_SORTS)
def test_a_route_figure_page_lists_what_the_definition_orders(
    figured_models, sort, dearest, expired
):
    """Every window of one to four rows of the order by each route figure, read between its
    bounds (figure_page), is that window of the Python ranking's order: ties by name, no
    figure last, at traffics whose cheapest route is and is not the blend's; from the stored
    summaries and from summaries past their date (computed)."""
    from comparisons.pricing import ROUTE_SORTS, figure_page

    if expired:
        LanguageModel.objects.filter(name__in=["Ant", "Dog", "Hen", "Fox"]).update(
            route_summary_until=dt.date.min
        )
    sort = f"-{sort}" if dearest else sort
    published = LanguageModel.objects.published().with_cheapest_route()
    for traffic in FLOOR_TRAFFICS:
        expected = by_the_definition(sort, traffic)
        models = ordered_for_pricing(published, traffic=traffic, sort=sort)
        assert [model.name for model in models] == expected, traffic
        for size in (1, 2, 4):
            for start in range(0, len(expected), size):
                page = figure_page(
                    models,
                    field=ROUTE_SORTS[sort.lstrip("-")],
                    traffic=traffic,
                    start=start,
                    stop=start + size,
                    dearest=dearest,
                )
                window = [model.name for model in page_models(models, page)]
                assert window == expected[start : start + size], (traffic, start, size)


def test_a_route_figure_page_finds_the_figure_only_around_it(figured_models):
    """Least input price first at 3 : 1 traffic, row 11 (Eel, $3). Each priced model's
    cheapest route by blended price is its cheapest at that traffic (every rival costs
    more, or the same at the same prices), so its stored input price is the figure; the
    11th least ($3) bounds the page: Jay ($9) and the models with no priced route are after
    it, the ten under $3 are counted before it, and only Eel is read."""
    from comparisons.pricing import figure_page

    traffic = FLOOR_TRAFFICS[0]
    published = LanguageModel.objects.published().with_cheapest_route()
    models = ordered_for_pricing(published, traffic=traffic, sort="input")
    assert [model.name for model in models] == [
        *("Ant", "Hen", "Lark", "Bee", "Cat", "Dog", "Ibis", "Kite", "Mole", "Newt", "Eel"),
        *("Jay", "Fox", "Gnu"),
    ]
    page = figure_page(
        models, field="input_usd_per_mtok", traffic=traffic, start=10, stop=11, dearest=False
    )
    assert [model.name for model in page_models(models, page)] == ["Eel"]
    assert page.query.low_mark == 0  # the 10 rows before it counted, not read
    page.query.clear_limits()
    assert [model.name for model in page.all()] == ["Eel"]


def test_a_rival_of_equal_month_leaves_the_figure_to_the_ranking(figured_models):
    """At 10M input to 50k output tokens, Lark's two routes cost the same: the tie-break
    picks Aardvark ($1 input), not Zebra, its cheapest by blended price ($1.045); read
    between its bounds, Lark is where the ranking puts it."""
    from comparisons.pricing import figure_page

    traffic = FLOOR_TRAFFICS[1]
    published = LanguageModel.objects.published().with_cheapest_route()
    models = ordered_for_pricing(published, traffic=traffic, sort="provider")
    order = [model.name for model in models]
    assert order.index("Lark") == 0  # "aardvark" first
    page = figure_page(
        models, field="provider__name", traffic=traffic, start=0, stop=1, dearest=False
    )
    assert [model.name for model in page_models(models, page)] == ["Lark"]
