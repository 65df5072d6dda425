"""Cost maths: plain functions over Decimal, no database, no floats.

Prices are USD per 1M tokens; traffic is tokens per month. Results are exact Decimals;
they are rounded only for display (``catalog.formatting.format_money``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

from catalog.routes import ZERO, cheapest_route

MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12


class TrafficError(ValueError):
    """Traffic figures a visitor typed that make no sense (negative, share above 100 %)."""


@dataclass(frozen=True)
class Traffic:
    """A month of traffic: tokens in and out, and how they are served."""

    input_tokens: int
    output_tokens: int
    cached_share_percent: Decimal = ZERO
    batch_share_percent: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.input_tokens < 0 or self.output_tokens < 0:
            raise TrafficError("Token counts cannot be negative.")
        for share in (self.cached_share_percent, self.batch_share_percent):
            if not ZERO <= share <= HUNDRED:
                raise TrafficError("Shares are percentages between 0 and 100.")


def traffic_from_requests(
    *,
    requests_per_day: int,
    input_tokens_per_request: int,
    output_tokens_per_request: int,
    cached_share_percent: Decimal = ZERO,
    batch_share_percent: Decimal = ZERO,
) -> Traffic:
    """Monthly traffic from a daily request rate (an average month of 30.4375 days)."""
    if min(requests_per_day, input_tokens_per_request, output_tokens_per_request) < 0:
        raise TrafficError("Requests and tokens per request cannot be negative.")
    per_month = Decimal(requests_per_day) * DAYS_PER_MONTH
    return Traffic(
        input_tokens=int((per_month * input_tokens_per_request).to_integral_value(ROUND_HALF_UP)),
        output_tokens=int((per_month * output_tokens_per_request).to_integral_value(ROUND_HALF_UP)),
        cached_share_percent=cached_share_percent,
        batch_share_percent=batch_share_percent,
    )


@dataclass(frozen=True)
class CostEstimate:
    """A monthly cost, or the reason it cannot be estimated (``total_usd`` is None)."""

    total_usd: Decimal | None
    list_price_usd: Decimal | None = None  # the same traffic without caching or batching
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.total_usd is not None

    @property
    def saving_usd(self) -> Decimal | None:
        if self.total_usd is None or self.list_price_usd is None:
            return None
        return self.list_price_usd - self.total_usd


def unavailable(reason: str) -> CostEstimate:
    return CostEstimate(total_usd=None, reason=reason)


def token_cost(*, tokens: int | Decimal, usd_per_mtok: Decimal) -> Decimal:
    """The exact cost of ``tokens`` at a price per 1M tokens."""
    with localcontext() as context:
        context.prec = 50  # 10^12 tokens at any price stays exact
        return Decimal(tokens) * usd_per_mtok / MILLION


def monthly_cost(
    *,
    traffic: Traffic,
    input_usd_per_mtok: Decimal | None,
    output_usd_per_mtok: Decimal | None,
    cached_input_usd_per_mtok: Decimal | None = None,
    batch_discount_percent: Decimal | None = None,
) -> CostEstimate:
    """A month of ``traffic`` at one route's prices.

    Cached input is billed at the cached-input price for ``cached_share_percent`` of the
    input tokens; ``batch_share_percent`` of all tokens get the batch discount. A share
    that needs a price the route lacks makes the estimate unavailable, never free.
    """
    if input_usd_per_mtok is None and output_usd_per_mtok is None:
        return unavailable("no input or output price sourced")
    if input_usd_per_mtok is None:
        return unavailable("no input price sourced")
    if output_usd_per_mtok is None:
        return unavailable("no output price sourced")
    if traffic.cached_share_percent and cached_input_usd_per_mtok is None:
        return unavailable("no cached-input price sourced")
    if traffic.batch_share_percent and batch_discount_percent is None:
        return unavailable("no batch discount sourced")

    with localcontext() as context:
        context.prec = 50
        list_price = token_cost(
            tokens=traffic.input_tokens, usd_per_mtok=input_usd_per_mtok
        ) + token_cost(tokens=traffic.output_tokens, usd_per_mtok=output_usd_per_mtok)

        cached_tokens = Decimal(traffic.input_tokens) * traffic.cached_share_percent / HUNDRED
        input_cost = token_cost(
            tokens=Decimal(traffic.input_tokens) - cached_tokens, usd_per_mtok=input_usd_per_mtok
        )
        if cached_tokens:
            input_cost += token_cost(tokens=cached_tokens, usd_per_mtok=cached_input_usd_per_mtok)
        total = input_cost + token_cost(
            tokens=traffic.output_tokens, usd_per_mtok=output_usd_per_mtok
        )
        if traffic.batch_share_percent:
            discount = total * traffic.batch_share_percent / HUNDRED * batch_discount_percent
            total -= discount / HUNDRED
        return CostEstimate(total_usd=total, list_price_usd=list_price)


def cost_delta(first: CostEstimate, second: CostEstimate) -> Decimal | None:
    """``second - first``, or None unless both are available."""
    if not (first.available and second.available):
        return None
    return second.total_usd - first.total_usd


class PricedRoute(Protocol):
    """What cost maths read of a route: an Offering or a comparison's RouteSnapshot."""

    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None
    cached_input_usd_per_mtok: Decimal | None
    batch_discount_percent: Decimal | None
    is_billable: bool
    is_first_party: bool
    provider_slug: str
    route_kind_label: str


@dataclass(frozen=True)
class RouteCost:
    route: PricedRoute | None
    estimate: CostEstimate


def route_cost(route: PricedRoute, traffic: Traffic) -> CostEstimate:
    """A month of ``traffic`` on one route. Free tiers, plans and local routes have no
    monthly cost, and a $0 price on a paid route is not a documented price."""
    if not route.is_billable:
        return unavailable(f"{route.route_kind_label.lower()}: not billed per token")
    if ZERO in (route.input_usd_per_mtok, route.output_usd_per_mtok):
        return unavailable("a $0 price on a paid route is not a documented price")
    return monthly_cost(
        traffic=traffic,
        input_usd_per_mtok=route.input_usd_per_mtok,
        output_usd_per_mtok=route.output_usd_per_mtok,
        cached_input_usd_per_mtok=route.cached_input_usd_per_mtok,
        batch_discount_percent=route.batch_discount_percent,
    )


def cheapest_route_cost(routes: Iterable[PricedRoute], traffic: Traffic) -> RouteCost:
    """The route whose month of ``traffic`` costs least (ranked by ``catalog.routes``: ties
    go to the lab's own API, then provider slug), or why none can be priced."""
    costs = [RouteCost(route=route, estimate=route_cost(route, traffic)) for route in routes]
    best = cheapest_route(costs, price=lambda cost: cost.estimate.total_usd, route=_route_of)
    if best:
        return best
    if not costs:
        return RouteCost(None, unavailable("no provider route is sourced"))
    return RouteCost(None, unavailable(f"no complete token price: {costs[0].estimate.reason}"))


def _route_of(cost: RouteCost) -> PricedRoute:
    return cost.route
