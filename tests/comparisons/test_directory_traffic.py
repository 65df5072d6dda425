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


@pytest.fixture
def deep_cost_order(monkeypatch):
    """Seven models a page over 40 models: costs with ties (equal prices, equal months at
    other prices), models whose cheapest route at the traffic is not their cheapest by
    blended price (a second, skewed route), and three with no price. Returns a month of
    each priced model's cheapest route at a traffic, by Python's cost maths."""
    from comparisons.costs import cheapest_route_cost, traffic_from_requests
    from comparisons.directory import ModelDirectoryView

    monkeypatch.setattr(ModelDirectoryView, "paginate_by", 7)
    host, other = ProviderFactory(slug="host"), ProviderFactory(slug="other")
    for i in range(37):
        model = LanguageModelFactory(name=f"Model {i:02}")
        inp, out = Decimal(i % 5 + 1) / 10, Decimal((i * 7) % 6 + 1) / 10
        OfferingFactory(model=model, provider=host, input_usd_per_mtok=inp, output_usd_per_mtok=out)
        if i % 4 == 0:  # dearer blended (3 : 1), cheaper for output-heavy traffic
            OfferingFactory(
                model=model,
                provider=other,
                input_usd_per_mtok=inp * 4,
                output_usd_per_mtok=out / 4,
            )
    for name in ("Unpriced A", "Unpriced B", "Unpriced C"):
        LanguageModelFactory(name=name)

    def months(traffic: dict) -> dict[str, Decimal]:
        from catalog.models import LanguageModel

        month = traffic_from_requests(**traffic)
        return {
            model.name: cheapest_route_cost(model.offerings.all(), month).estimate.total_usd
            for model in LanguageModel.objects.prefetch_related("offerings__provider")
            if model.offerings.exists()
        }

    return months


@pytest.mark.parametrize("traffic", [INPUT_HEAVY, OUTPUT_HEAVY])
def test_every_deep_page_of_the_cost_order_is_that_slice_of_the_order(
    client, deep_cost_order, traffic
):
    """Pages 1 to 7 of seven, both ways: rows skipped before a deep page and left out after
    it (cost_page) never move a row; ties by name, unknown last."""
    month = deep_cost_order(traffic)
    cheapest = sorted(month, key=lambda name: (month[name], name))
    dearest = sorted(month, key=lambda name: (-month[name], name))
    assert len(set(month.values())) < len(month)  # ties among the months
    for sort, order in (("monthly_cost", cheapest), ("-monthly_cost", dearest)):
        rows = [*order, "Unpriced A", "Unpriced B", "Unpriced C"]
        for page in range(1, 7):
            got = listed(client, sort=sort, page=page, **traffic)
            assert got == rows[(page - 1) * 7 : page * 7], (sort, page)


def test_a_deep_cost_page_costs_only_the_models_around_it(deep_cost_order):
    """Page 4 of seven, both ways, at traffic of the blend's own 3 : 1 (where a route's
    month is its blended price times a constant): the models surely before the page are
    counted, not costed, those surely after it are left out; the slice is the same rows."""
    from catalog.models import LanguageModel
    from comparisons.costs import Traffic
    from comparisons.pricing import MONTHLY_COST, cheapest_cost_sql, cost_page

    traffic = Traffic(input_tokens=3_000_000, output_tokens=1_000_000)
    models = (
        LanguageModel.objects.published()
        .with_cheapest_route()
        .annotate(**{MONTHLY_COST: cheapest_cost_sql(traffic)})
    )
    for dearest in (False, True):
        cost = F(MONTHLY_COST).desc(nulls_last=True) if dearest else F(MONTHLY_COST).asc()
        ordered = models.order_by(cost, "name")
        page = cost_page(ordered, traffic=traffic, start=21, stop=28, dearest=dearest)
        assert list(page) == list(ordered[21:28])
        assert page.query.low_mark < 14  # over 7 rows before the page were skipped
        page.query.clear_limits()
        assert page.count() < 40 - 14  # ... and over 7 after it left out


def test_the_stored_routes_month_is_a_ceiling_on_the_cheapest(deep_cost_order):
    """cost_page's ceiling: the month of the cheapest route by blended price, equal to the
    cheapest month where that route is cheapest at the traffic, above it where another is;
    none where cached input or batching needs prices the summary does not keep."""
    from catalog.models import LanguageModel
    from comparisons.costs import Traffic, traffic_from_requests
    from comparisons.pricing import cheapest_route_month_sql

    traffic = traffic_from_requests(**OUTPUT_HEAVY)
    month = deep_cost_order(OUTPUT_HEAVY)
    ceiling = dict(
        LanguageModel.objects.with_cheapest_route()
        .annotate(ceiling=cheapest_route_month_sql(traffic))
        .values_list("name", "ceiling")
    )
    assert ceiling["Model 01"] == month["Model 01"]  # one route
    assert ceiling["Model 04"] > month["Model 04"]  # the skewed route is cheaper here
    assert ceiling["Unpriced A"] is None
    assert all(ceiling[name] >= month[name] for name in month)
    assert cheapest_route_month_sql(Traffic(1, 1, cached_share_percent=Decimal(1))) is None
    assert cheapest_route_month_sql(Traffic(1, 1, batch_share_percent=Decimal(1))) is None


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
