"""A model's cheapest route: one measure and one tie-break, in Python and in SQL.

**Measure.** A route's price is what it charges for a stated mix of tokens:

- with no visitor traffic (directory, home, profiles, exports, the comparison scorecard),
  its *blended price*: USD per 1M tokens for 3 input tokens to 1 output token
  (``BLEND_INPUT`` : ``BLEND_OUTPUT``), i.e. ``(3 * input + output) / 4``;
- on a page that prices a visitor's traffic (``/pricing/``, ``/compare/``), that traffic's
  monthly cost (``comparisons.costs.route_cost``): the same weighting at the traffic's own
  input : output ratio, with its caching and batching.

Only a billable route (billed per token: not a free tier, plan or local run) with both
prices documented (above $0: a $0 on a paid route is no documented price) has a price.
Routes without one rank after every priced route and are never a model's cheapest.
Callers pass the routes that count: live, accepted ones (``Offering.objects.live()``).

**Tie-break.** Equal prices: the lab's own API (a first-party provider) first, then the
provider's slug.

:func:`rank_routes` / :func:`cheapest_route` are the Python side (over Offerings or a
comparison's RouteSnapshots); :func:`ranked_sql`, :func:`cheapest_route_sql` (one model's,
as a subquery) and :func:`cheapest_routes_sql` (every model's at once) are their SQL twin:
``Offering.objects.cheapest_first()``, the pricing page, and each model's stored route
summary (``catalog.route_summary``, read by ``LanguageModel.objects.with_cheapest_route()``).
``tests/catalog/test_routes.py`` and ``tests/catalog/test_route_summary.py`` check they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Protocol

from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, When

BLEND_INPUT = 3  # input tokens ...
BLEND_OUTPUT = 1  # ... per output token in the blended price
ZERO = Decimal(0)


class RankedRoute(Protocol):
    """What the ranking reads of a route: an Offering or a comparison's RouteSnapshot."""

    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None
    is_billable: bool
    is_first_party: bool
    provider_slug: str


def blended_price(input_usd_per_mtok: Decimal, output_usd_per_mtok: Decimal) -> Decimal:
    """One price per 1M tokens for the 3 : 1 mix of input and output tokens."""
    return (BLEND_INPUT * input_usd_per_mtok + BLEND_OUTPUT * output_usd_per_mtok) / (
        BLEND_INPUT + BLEND_OUTPUT
    )


def list_price(route: RankedRoute) -> Decimal | None:
    """A route's blended price, or None unless it is billable with both prices above $0."""
    prices = (route.input_usd_per_mtok, route.output_usd_per_mtok)
    if not route.is_billable or any(price is None or price <= ZERO for price in prices):
        return None
    return blended_price(*prices)


def rank_key(route: RankedRoute, price: Decimal | None) -> tuple:
    """Priced routes first, lowest price first; then the lab's own API; then provider slug."""
    return (price is None, price or ZERO, not route.is_first_party, route.provider_slug)


def _itself(item):
    return item


def rank_routes[T](
    items: Iterable[T],
    *,
    price: Callable[[T], Decimal | None] | None = None,
    route: Callable[[T], RankedRoute] = _itself,
) -> list[T]:
    """``items`` cheapest first. ``price`` reads an item's measure (default: the blended
    price of its route); ``route`` reads its route (default: the item is the route)."""
    price = price or (lambda item: list_price(route(item)))
    return sorted(items, key=lambda item: rank_key(route(item), price(item)))


def cheapest_route[T](
    items: Iterable[T],
    *,
    price: Callable[[T], Decimal | None] | None = None,
    route: Callable[[T], RankedRoute] = _itself,
) -> T | None:
    """The first of :func:`rank_routes` when it has a price; None when no item has one."""
    price = price or (lambda item: list_price(route(item)))
    ranked = rank_routes(items, price=price, route=route)
    return ranked[0] if ranked and price(ranked[0]) is not None else None


# The SQL twin ------------------------------------------------------------------------------
def list_price_sql():
    """SQL for :func:`list_price` on an Offering row (``list_usd_per_mtok``)."""
    from catalog.models import IS_BILLABLE

    return Case(
        When(
            IS_BILLABLE & Q(input_usd_per_mtok__gt=0, output_usd_per_mtok__gt=0),
            then=(BLEND_INPUT * F("input_usd_per_mtok") + BLEND_OUTPUT * F("output_usd_per_mtok"))
            / (BLEND_INPUT + BLEND_OUTPUT),
        ),
        default=None,
        output_field=DecimalField(),
    )


def rank_order() -> tuple:
    """SQL for :func:`rank_key` (needs ``list_usd_per_mtok`` annotated)."""
    from catalog.models import FIRST_PARTY_FIRST

    return (F("list_usd_per_mtok").asc(nulls_last=True), FIRST_PARTY_FIRST, "provider__slug")


def ranked_sql(offerings: QuerySet, price=None) -> QuerySet:
    """SQL for :func:`rank_routes`: ``offerings`` annotated with ``list_usd_per_mtok``,
    cheapest first. ``price`` is SQL for the measure on an Offering row, as ``rank_routes``'s
    ``price`` (default: the blended price, :func:`list_price_sql`); NULL for no price."""
    measure = list_price_sql() if price is None else price
    return offerings.annotate(list_usd_per_mtok=measure).order_by(*rank_order())


def cheapest_route_sql(offerings: QuerySet, field: str, price=None) -> Subquery:
    """SQL for :func:`cheapest_route`: ``field`` of the cheapest of ``offerings`` of the
    outer model row (``offerings`` is filtered to ``model=OuterRef("pk")`` here), by the
    measure ``price`` (see :func:`ranked_sql`)."""
    routes = ranked_sql(offerings.filter(model=OuterRef("pk")), price).filter(
        list_usd_per_mtok__isnull=False
    )
    return Subquery(routes.values(field)[:1])


def cheapest_routes_sql(offerings: QuerySet, price=None) -> QuerySet:
    """SQL for :func:`cheapest_route` over every model's routes at once: of ``offerings``,
    each model's cheapest by the measure ``price`` (see :func:`ranked_sql`), one row per
    model (``DISTINCT ON`` the model, ranked as :func:`rank_order`); models with no priced
    route have no row."""
    ranked = ranked_sql(offerings, price).filter(list_usd_per_mtok__isnull=False)
    return ranked.order_by("model_id", *rank_order()).distinct("model_id")
