"""The directory's monthly cost at the visitor's traffic (the comparison pages' parameters)."""

from decimal import Decimal

import pytest
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


@pytest.mark.parametrize(
    ("inp", "out"), [("4", "0.000001"), ("0.000001", "4"), ("1", "1"), ("0.5", "2.5")]
)
def test_a_routes_month_is_at_most_its_blended_price_times_the_ceiling(inp, out):
    """The bound the dearest-first pages rest on: reached at the corners (all input, all
    output), and never exceeded, batched or not; no bound when input is cached."""
    from comparisons.costs import Traffic, monthly_cost
    from comparisons.pricing import most_cost_per_blended_usd

    inp, out = Decimal(inp), Decimal(out)
    blended = (3 * inp + out) / 4
    for traffic in (
        Traffic(input_tokens=3_000_000, output_tokens=500_000),
        Traffic(input_tokens=300_000, output_tokens=5_000_000, batch_share_percent=Decimal(50)),
    ):
        ceiling = most_cost_per_blended_usd(traffic)
        cost = monthly_cost(
            traffic=traffic,
            input_usd_per_mtok=inp,
            output_usd_per_mtok=out,
            batch_discount_percent=Decimal(50),
        ).total_usd
        assert cost <= blended * ceiling
    corner = Traffic(input_tokens=3_000_000, output_tokens=500_000)  # A / 3 > B: all input
    assert most_cost_per_blended_usd(corner) == Decimal(4)  # 4 x 1M / 1M per USD blended
    assert most_cost_per_blended_usd(Traffic(1, 1, cached_share_percent=Decimal(1))) is None
