"""Cost maths to the cent, without a database."""

from decimal import Decimal

import pytest

from catalog.formatting import CENTS, format_money
from comparisons.costs import (
    Traffic,
    TrafficError,
    cost_delta,
    monthly_cost,
    traffic_from_requests,
    unavailable,
)

D = Decimal


def test_plain_month():
    traffic = Traffic(input_tokens=500_000_000, output_tokens=100_000_000)
    cost = monthly_cost(traffic=traffic, input_usd_per_mtok=D("1"), output_usd_per_mtok=D("5"))
    assert cost.total_usd == D("1000")
    assert cost.list_price_usd == D("1000")
    assert cost.saving_usd == 0


def test_fractional_prices_to_the_cent():
    traffic = Traffic(input_tokens=1_234_567, output_tokens=7_654_321)
    cost = monthly_cost(
        traffic=traffic, input_usd_per_mtok=D("0.15"), output_usd_per_mtok=D("0.60")
    )
    # 1.234567 * 0.15 + 7.654321 * 0.60 = 0.18518505 + 4.5925926
    assert cost.total_usd == D("4.77777765")
    assert format_money(cost.total_usd) == "$4.78"


def test_caching_bills_the_cached_share_at_the_cached_price():
    traffic = Traffic(input_tokens=100_000_000, output_tokens=0, cached_share_percent=D("75"))
    cost = monthly_cost(
        traffic=traffic,
        input_usd_per_mtok=D("3"),
        output_usd_per_mtok=D("15"),
        cached_input_usd_per_mtok=D("0.30"),
    )
    assert cost.total_usd == D("25") * 3 / 1 + D("75") * D("0.30")  # 75 + 22.50
    assert cost.total_usd == D("97.5")
    assert cost.saving_usd == D("202.5")


def test_batching_discounts_the_batch_share():
    traffic = Traffic(input_tokens=10_000_000, output_tokens=2_000_000, batch_share_percent=D("50"))
    cost = monthly_cost(
        traffic=traffic,
        input_usd_per_mtok=D("1"),
        output_usd_per_mtok=D("5"),
        batch_discount_percent=D("50"),
    )
    # list 10 + 10 = 20; half of it at 50 % off saves 5
    assert cost.total_usd == D("15")
    assert cost.saving_usd == D("5")


@pytest.mark.parametrize(
    ("prices", "reason"),
    [
        ({"input_usd_per_mtok": None, "output_usd_per_mtok": D("5")}, "no input price"),
        ({"input_usd_per_mtok": D("1"), "output_usd_per_mtok": None}, "no output price"),
        ({"input_usd_per_mtok": None, "output_usd_per_mtok": None}, "no input or output"),
    ],
)
def test_unknown_prices_are_unavailable_never_zero(prices, reason):
    cost = monthly_cost(traffic=Traffic(input_tokens=1, output_tokens=1), **prices)
    assert not cost.available
    assert cost.total_usd is None
    assert reason in cost.reason


def test_caching_without_a_cached_price_is_unavailable():
    traffic = Traffic(input_tokens=1000, output_tokens=10, cached_share_percent=D("10"))
    cost = monthly_cost(traffic=traffic, input_usd_per_mtok=D("1"), output_usd_per_mtok=D("2"))
    assert cost.reason == "no cached-input price sourced"


def test_batching_without_a_discount_is_unavailable():
    traffic = Traffic(input_tokens=1000, output_tokens=10, batch_share_percent=D("10"))
    cost = monthly_cost(traffic=traffic, input_usd_per_mtok=D("1"), output_usd_per_mtok=D("2"))
    assert cost.reason == "no batch discount sourced"


def test_a_trillion_tokens_stay_exact():
    traffic = Traffic(input_tokens=10**12, output_tokens=10**12)
    cost = monthly_cost(
        traffic=traffic,
        input_usd_per_mtok=D("0.0375"),
        output_usd_per_mtok=D("123.4567"),
    )
    assert cost.total_usd == D("37500") + D("123456700")
    assert format_money(cost.total_usd, CENTS) == "$123,494,200.00"


def test_traffic_from_requests_uses_an_average_month():
    traffic = traffic_from_requests(
        requests_per_day=1000, input_tokens_per_request=2000, output_tokens_per_request=500
    )
    assert traffic.input_tokens == 60_875_000  # 1000 * 30.4375 * 2000
    assert traffic.output_tokens == 15_218_750


@pytest.mark.parametrize(
    "kwargs",
    [
        {"input_tokens": -1, "output_tokens": 0},
        {"input_tokens": 1, "output_tokens": 1, "cached_share_percent": D("101")},
        {"input_tokens": 1, "output_tokens": 1, "batch_share_percent": D("-5")},
    ],
)
def test_nonsense_traffic_is_refused(kwargs):
    with pytest.raises(TrafficError):
        Traffic(**kwargs)


def test_delta_needs_both_costs():
    first = monthly_cost(
        traffic=Traffic(input_tokens=10**6, output_tokens=10**6),
        input_usd_per_mtok=D("1"),
        output_usd_per_mtok=D("2"),
    )
    second = monthly_cost(
        traffic=Traffic(input_tokens=10**6, output_tokens=10**6),
        input_usd_per_mtok=D("3"),
        output_usd_per_mtok=D("4"),
    )
    assert cost_delta(first, second) == D("4")
    assert cost_delta(first, unavailable("no output price sourced")) is None
