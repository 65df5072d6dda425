"""The directory's monthly cost at the visitor's traffic (the comparison pages' parameters)."""

from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse

from tests.catalog.test_directory import listed
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db
URL = reverse("catalog:model-list")
INPUT_HEAVY = {
    "requests_per_day": 1000,
    "input_tokens_per_request": 1000,
    "output_tokens_per_request": 10,
}
OUTPUT_HEAVY = {
    "requests_per_day": 1000,
    "input_tokens_per_request": 10,
    "output_tokens_per_request": 1000,
}


@pytest.fixture
def models():
    host = ProviderFactory(slug="host")
    for name, inp, out in (("Flat", "1", "1"), ("Skewed", "0.10", "10")):
        OfferingFactory(
            model=LanguageModelFactory(name=name),
            provider=host,
            input_usd_per_mtok=Decimal(inp),
            output_usd_per_mtok=Decimal(out),
        )
    LanguageModelFactory(name="Unpriced")


def test_monthly_cost_order_follows_the_traffic(client, models):
    assert listed(client, sort="monthly_cost", **INPUT_HEAVY) == ["Skewed", "Flat", "Unpriced"]
    assert listed(client, sort="monthly_cost", **OUTPUT_HEAVY) == ["Flat", "Skewed", "Unpriced"]
    assert listed(client, sort="-monthly_cost", **OUTPUT_HEAVY) == ["Skewed", "Flat", "Unpriced"]


def test_monthly_cost_column_shows_the_figures_in_one_precision(client, models):
    text = client.get(URL, {"sort": "monthly_cost", **INPUT_HEAVY}).text
    # 1,000 requests a day x 30.4375 days: 30,437,500 input and 304,375 output tokens.
    assert "$6.09" in text  # Skewed: $3.04375 + $3.04375
    assert "$30.74" in text  # Flat: $30.4375 + $0.304375
    assert "Monthly cost" in text and "Custom" in text  # the traffic bar names custom figures
    text = client.get(URL, {"sort": "monthly_cost", **OUTPUT_HEAVY}).text
    assert "$304" in text and "$30.74" not in text  # Skewed $304.68: whole dollars for all
    assert "$31<" in text  # Flat $30.74 in the same table's whole dollars


def test_bad_traffic_shows_the_page_with_a_message(client, models):
    response = client.get(URL, {"sort": "monthly_cost", "requests_per_day": "many"})
    assert response.status_code == 200
    assert "could not be used" in response.text
    assert listed(client, sort="monthly_cost", requests_per_day="many")[-1] == "Unpriced"


@pytest.fixture
def sixty_priced():
    """60 models whose order by blended price (3 input : 1 output) is not their order by
    monthly cost at input-heavy or output-heavy traffic; and two without a price."""
    host = ProviderFactory(slug="host")
    prices = {}
    for i in range(60):
        inp, out = Decimal(i % 7 + 1) / 10, Decimal((i * 13) % 29 + 1) / 10
        model = LanguageModelFactory(name=f"Model {i:02}")
        OfferingFactory(model=model, provider=host, input_usd_per_mtok=inp, output_usd_per_mtok=out)
        prices[model.name] = (inp, out)
    for name in ("Unpriced A", "Unpriced B"):
        LanguageModelFactory(name=name)
    return prices


@pytest.mark.parametrize("traffic", [INPUT_HEAVY, OUTPUT_HEAVY])
def test_every_page_of_the_cost_order_is_the_cost_order(client, sixty_priced, traffic):
    """The SQL order (only the models that can be on a page are costed) is the order of each
    model's month at the traffic, ties by name, unknown last, on both pages both ways."""
    days = Decimal("30.4375") * traffic["requests_per_day"] / 1_000_000
    month = {
        name: days
        * (traffic["input_tokens_per_request"] * inp + traffic["output_tokens_per_request"] * out)
        for name, (inp, out) in sixty_priced.items()
    }
    cheapest = sorted(month, key=lambda name: (month[name], name))
    dearest = sorted(month, key=lambda name: (-month[name], name))
    for sort, order in (("monthly_cost", cheapest), ("-monthly_cost", dearest)):
        rows = [*order, "Unpriced A", "Unpriced B"]
        assert listed(client, sort=sort, **traffic) == rows[:50], sort
        assert listed(client, sort=sort, page=2, **traffic) == rows[50:], sort


CACHED = {**INPUT_HEAVY, "cached_share": 40}
BATCHED = {**OUTPUT_HEAVY, "batch_share": 50}
CACHED_AND_BATCHED = {**OUTPUT_HEAVY, "cached_share": 60, "batch_share": 100}


def month_of(traffic: dict):
    """The Traffic of a directory query's figures."""
    from comparisons.costs import traffic_from_requests

    return traffic_from_requests(
        requests_per_day=traffic["requests_per_day"],
        input_tokens_per_request=traffic["input_tokens_per_request"],
        output_tokens_per_request=traffic["output_tokens_per_request"],
        cached_share_percent=Decimal(traffic.get("cached_share", 0)),
        batch_share_percent=Decimal(traffic.get("batch_share", 0)),
    )


@pytest.fixture
def deep_cost_order(monkeypatch):
    """Seven models a page over 40 models: costs with ties (equal prices, equal months at
    other prices), models whose cheapest route at the traffic is not their cheapest by
    blended price (a second, skewed route), routes with and without a cached-input price or
    a batch discount, and three with no route. Returns each model's month (None: unknown)
    at a traffic, by Python's cost maths."""
    from catalog.models import LanguageModel
    from comparisons.costs import cheapest_route_cost
    from comparisons.directory import ModelDirectoryView

    monkeypatch.setattr(ModelDirectoryView, "paginate_by", 7)
    host, other = ProviderFactory(slug="host"), ProviderFactory(slug="other")
    for i in range(37):
        model = LanguageModelFactory(name=f"Model {i:02}")
        inp, out = Decimal(i % 5 + 1) / 10, Decimal((i * 7) % 6 + 1) / 10
        OfferingFactory(
            model=model,
            provider=host,
            input_usd_per_mtok=inp,
            output_usd_per_mtok=out,
            cached_input_usd_per_mtok=inp / 2 if i % 3 else None,
            batch_discount_percent=50 if i % 2 == 0 else None,
        )
        if i % 4 == 0:  # dearer blended (3 : 1), cheaper for output-heavy traffic
            OfferingFactory(
                model=model,
                provider=other,
                input_usd_per_mtok=inp * 4,
                output_usd_per_mtok=out / 4,
                cached_input_usd_per_mtok=inp / 10,
                batch_discount_percent=25 if i % 3 == 0 else None,
            )
    for name in ("Unpriced A", "Unpriced B", "Unpriced C"):
        LanguageModelFactory(name=name)

    def months(traffic: dict) -> dict[str, Decimal | None]:
        month = month_of(traffic)
        return {
            model.name: cheapest_route_cost(model.offerings.all(), month).estimate.total_usd
            for model in LanguageModel.objects.prefetch_related("offerings__provider")
        }

    return months


def cost_orders(month: dict[str, Decimal | None]) -> tuple[list[str], list[str]]:
    """The names least and dearest first: ties by name, unknown last by name."""
    known = [name for name in month if month[name] is not None]
    unknown = sorted(name for name in month if month[name] is None)
    return (
        [*sorted(known, key=lambda name: (month[name], name)), *unknown],
        [*sorted(known, key=lambda name: (-month[name], name)), *unknown],
    )


@pytest.mark.parametrize(
    "traffic", [INPUT_HEAVY, OUTPUT_HEAVY, CACHED, BATCHED, CACHED_AND_BATCHED]
)
def test_every_deep_page_of_the_cost_order_is_that_slice_of_the_order(
    client, deep_cost_order, traffic
):
    """Pages 1 to 6 of seven, both ways: rows skipped before a deep page and left out after
    it (cost_page) never move a row; ties by name, unknown last."""
    month = deep_cost_order(traffic)
    known = [cost for cost in month.values() if cost is not None]
    assert len(set(known)) < len(known)  # ties among the months
    for sort, rows in zip(("monthly_cost", "-monthly_cost"), cost_orders(month), strict=True):
        for page in range(1, 7):
            got = listed(client, sort=sort, page=page, **traffic)
            assert got == rows[(page - 1) * 7 : page * 7], (sort, page)


@pytest.mark.parametrize("traffic", [OUTPUT_HEAVY, CACHED, CACHED_AND_BATCHED])
def test_a_deep_cost_page_costs_only_the_models_around_it(deep_cost_order, traffic):
    """Page 4 of seven, both ways: over 7 models surely before the page are counted, not
    costed, and over 7 surely after it are left out; the slice is the same rows."""
    from catalog.models import LanguageModel
    from comparisons.pricing import MONTHLY_COST, cheapest_cost_sql, cost_page

    month = month_of(traffic)
    models = (
        LanguageModel.objects.published()
        .with_cheapest_route()
        .annotate(**{MONTHLY_COST: cheapest_cost_sql(month)})
    )
    for dearest in (False, True):
        cost = F(MONTHLY_COST).desc(nulls_last=True) if dearest else F(MONTHLY_COST).asc()
        ordered = models.order_by(cost, "name")
        page = cost_page(ordered, traffic=month, start=21, stop=28, dearest=dearest)
        assert list(page) == list(ordered[21:28])
        assert page.query.low_mark < 14, dearest  # over 7 rows before the page skipped
        page.query.clear_limits()
        assert page.count() < 40 - 14, dearest  # ... and over 7 after it left out
        distinct = ordered.distinct()  # its bounds would count rows of equal figures once
        page = cost_page(distinct, traffic=month, start=21, stop=28, dearest=dearest)
        assert list(page) == list(distinct[21:28])


@pytest.mark.parametrize("traffic", [INPUT_HEAVY, OUTPUT_HEAVY, CACHED, CACHED_AND_BATCHED])
def test_a_models_month_lies_between_its_summarys_bounds(deep_cost_order, traffic):
    """cost_page's bounds, from the stored route summary (month_bounds): the least of the
    month on the cheapest route by blended price and the month at the greatest prices (where
    known, the month is known and no greater: equal where one route is cheapest for every
    figure), and the month at the least prices and greatest discount (none only where the
    model has no month)."""
    from catalog.models import LanguageModel
    from catalog.route_summary import BOUND_COLUMNS, summary_columns
    from comparisons.pricing import month_bounds

    month, expected = month_of(traffic), deep_cost_order(traffic)
    rows = (
        LanguageModel.objects.with_cheapest_route()
        .annotate(**summary_columns(list(BOUND_COLUMNS)))
        .annotate(**month_bounds(month))
        .values_list("name", "route_low", "route_high")
    )
    exact = known = 0
    for name, low, high in rows:
        cost = expected[name]
        assert (low is None) == (cost is None), name
        assert high is None or (cost is not None and high >= cost), name
        assert low is None or low <= cost, name
        exact += cost is not None and low == cost == high
        known += cost is not None and high is not None
    assert exact > 5  # most models: one route is cheapest for every figure
    assert known == sum(cost is not None for cost in expected.values()) or traffic == (
        CACHED_AND_BATCHED
    )  # every model with a month has a ceiling, but with cached input and batching both


def test_dearest_first_with_batching_counts_a_route_with_a_batch_price(client, monkeypatch):
    """A model whose cheapest route by blended price has no batch discount is priced by a
    dearer route that has one: at all-batch traffic it is the dearest, though its blended
    price is the least (one a page: no bound may leave it out)."""
    from comparisons.directory import ModelDirectoryView

    monkeypatch.setattr(ModelDirectoryView, "paginate_by", 1)
    host, other = ProviderFactory(slug="host"), ProviderFactory(slug="other")
    cheap = LanguageModelFactory(name="Cheap blend")
    OfferingFactory(model=cheap, provider=host, input_usd_per_mtok=1, output_usd_per_mtok=1)
    OfferingFactory(
        model=cheap,
        provider=other,
        input_usd_per_mtok=90,
        output_usd_per_mtok=90,
        batch_discount_percent=50,
    )
    for n in range(3):
        OfferingFactory(
            model=LanguageModelFactory(name=f"Batched {n}"),
            provider=host,
            input_usd_per_mtok=20 + n,
            output_usd_per_mtok=20 + n,
            batch_discount_percent=50,
        )
    batched = {**OUTPUT_HEAVY, "batch_share": 100}
    for page, name in enumerate(["Cheap blend", "Batched 2", "Batched 1", "Batched 0"], 1):
        assert listed(client, sort="-monthly_cost", page=page, **batched) == [name]


@pytest.mark.parametrize("sort", ["monthly_cost", "-monthly_cost", "name"])
def test_an_unfiltered_page_counts_the_published_models(client, models, sort):
    """By cost the count is read first, else with the page's ids: the published models
    either way, an unpublished one not counted; a filter counts its matches."""
    LanguageModelFactory(name="Hidden", is_published=False)
    assert "<strong>3</strong> models." in client.get(URL, {"sort": sort}).text
    filtered = client.get(URL, {"sort": sort, "q": "flat"}).text
    assert "<strong>1</strong> model match" in filtered
