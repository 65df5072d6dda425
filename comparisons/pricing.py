"""The pricing page: the models a page at a time, each with its routes and the monthly cost
of the visitor's traffic, and a price-versus-score chart.

Bounded at any catalogue size: SQL orders and slices the models by a figure of each one's
cheapest route at the traffic (``catalog.routes.cheapest_route_sql`` with the monthly cost as
the measure: ``route_cost_sql``, the SQL twin of ``comparisons.costs.route_cost``); Python
ranks and prices routes only for the models on the page (``catalog.routes.rank_routes``,
the twin). A fixed number of queries, however many models there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Least, Lower

from catalog.charts import Point, pareto_frontier, price_score_chart
from catalog.formatting import Precision, money_precision
from catalog.models import IS_BILLABLE, Benchmark, LanguageModel, Offering
from catalog.price_history import PriceChange, last_price_change
from catalog.route_summary import BOUND_COLUMNS, RIVAL_COLUMNS, summary_columns
from catalog.routes import BLEND_INPUT, BLEND_OUTPUT, cheapest_route_sql, rank_routes
from comparisons.costs import HUNDRED, MILLION, CostEstimate, Traffic, route_cost

# How the models can be ordered: by name, or by a column of their cheapest route at the
# traffic (an Offering field or one of ROUTE_FIGURES); "cost" is that route's monthly cost.
ROUTE_SORTS = {
    "model": None,
    "provider": "provider__name",
    "input": "input_usd_per_mtok",
    "output": "output_usd_per_mtok",
    "cached": "cached_input_usd_per_mtok",
    "cache_write": "cache_write_usd_per_mtok",
    "batch_input": "batch_input",
    "batch_output": "batch_output",
    "cost": "list_usd_per_mtok",  # the ranking's measure: here the monthly cost
}
# Figures of a route the SQL order reads: ordered as catalog.models.batch_price's.
ROUTE_FIGURES = {
    "batch_input": F("input_usd_per_mtok") * (HUNDRED - F("batch_discount_percent")),
    "batch_output": F("output_usd_per_mtok") * (HUNDRED - F("batch_discount_percent")),
}
MONTHLY_COST = "cheapest_monthly_cost_usd"
ROUTE_FIGURE = "cheapest_route_figure"  # the figure of a route sort (ordered_for_pricing)
DEFAULT_SORT = "cost"
ROUTE_COLUMNS = [
    ("model", "Model"),
    ("provider", "Route"),
    ("input", "Input"),
    ("output", "Output"),
    ("cached", "Cached input"),
    ("cache_write", "Cache write"),
    ("batch_input", "Batch input"),
    ("batch_output", "Batch output"),
    ("cost", "Monthly cost"),
]
MODELS_PER_PAGE = 16  # with FOLDED_ROUTES: a page of HTML stays well under 150 KB
CHART_POINTS = 30  # models on the price-versus-score chart (the frontier always among them)
FOLDED_ROUTES = 3  # other routes listed under a model; its own page lists every one
PROBED_PAGES = 2  # score_points costs twice the points it shows to bound the rest


# An Offering row's prices, as monthly_cost_sql reads them.
ROUTE_PRICES = {
    "input": "input_usd_per_mtok",
    "output": "output_usd_per_mtok",
    "cached": "cached_input_usd_per_mtok",
    "discount": "batch_discount_percent",
}


def monthly_cost_sql(traffic: Traffic, prices: dict[str, str] = ROUTE_PRICES) -> ExpressionWrapper:
    """``costs.monthly_cost`` of ``traffic`` at an Offering row's prices, in SQL: NULL exactly
    where ``monthly_cost`` is unavailable (a price missing, or a share the route has no price
    for). Multiplications only, so PostgreSQL's numeric gives the Decimal maths' exact figure.
    ``prices`` names the columns read (ROUTE_PRICES' keys: a model row's copies or bounds of
    its routes' prices, for ``cost_page``)."""
    with localcontext() as context:
        context.prec = 50
        cached_tokens = Decimal(traffic.input_tokens) * traffic.cached_share_percent / HUNDRED
        total = Value(Decimal(traffic.input_tokens) - cached_tokens) * F(prices["input"]) + Value(
            Decimal(traffic.output_tokens)
        ) * F(prices["output"])
        if traffic.cached_share_percent:
            total += Value(cached_tokens) * F(prices["cached"])
        if traffic.batch_share_percent:
            share = traffic.batch_share_percent / HUNDRED / HUNDRED
            total *= Value(Decimal(1)) - Value(share) * F(prices["discount"])
        return ExpressionWrapper(total * Value(1 / MILLION), output_field=DecimalField())


def route_cost_sql(traffic: Traffic) -> Case:
    """SQL twin of ``costs.route_cost`` on an Offering row: a month of ``traffic``, or NULL
    for a route not billed per token, a $0 price, or where ``monthly_cost`` has none."""
    return Case(
        When(
            IS_BILLABLE & Q(input_usd_per_mtok__gt=0, output_usd_per_mtok__gt=0),
            then=monthly_cost_sql(traffic),
        ),
        default=None,
        output_field=DecimalField(),
    )


def cheapest_cost_sql(traffic: Traffic) -> Subquery:
    """SQL twin of ``costs.cheapest_route_cost`` over the outer model row's live routes: the
    month of ``traffic`` on its cheapest route (NULL where no route can be priced)."""
    return cheapest_route_sql(
        Offering.objects.live(), "list_usd_per_mtok", price=route_cost_sql(traffic)
    )


def least_cost_per_blended_usd(traffic: Traffic) -> Decimal:
    """A floor on a route's month of ``traffic`` per USD of its blended price: a priced route
    (``route_cost`` has one) whose blended price is p costs at least p times this. Its
    uncached input (A tokens) and output (B) cost A x input + B x output, which over every
    pair of prices with the blend's ``3 x input + output >= 4p`` is least at a corner:
    4p x min(A / 3, B); cached input costs 0 or more, and a batch discount takes at most the
    batched share off."""
    with localcontext() as context:  # rounded down: a floor stays a floor
        context.prec = 50
        context.rounding = ROUND_FLOOR
        uncached = (
            Decimal(traffic.input_tokens) * (HUNDRED - traffic.cached_share_percent) / HUNDRED
        )
        corner = min(uncached / BLEND_INPUT, Decimal(traffic.output_tokens) / BLEND_OUTPUT)
        unbatched = (HUNDRED - traffic.batch_share_percent) / HUNDRED
        return (BLEND_INPUT + BLEND_OUTPUT) * corner * unbatched / MILLION


# A model row's month of traffic at most (on its cheapest route by blended price, from its
# stored summary) and at least (its routes' least prices and greatest discount): cost_page.
CHEAPEST_ROUTE_PRICES = {
    "input": "cheapest_input_usd_per_mtok",
    "output": "cheapest_output_usd_per_mtok",
    "cached": "cheapest_cached_input_usd_per_mtok",
    "discount": "cheapest_batch_discount_percent",
}
LEAST_PRICES = {
    "input": "least_input_usd_per_mtok",
    "output": "least_output_usd_per_mtok",
    "cached": "least_cached_input_usd_per_mtok",
    "discount": "most_batch_discount_percent",
}
MOST_PRICES = {
    "input": "most_input_usd_per_mtok",
    "output": "most_output_usd_per_mtok",
    "cached": "most_cached_input_usd_per_mtok",
    "discount": "least_batch_discount_percent",
}


def month_bounds(traffic: Traffic) -> dict[str, ExpressionWrapper]:
    """SQL for ``cost_page``'s bounds on a model row's month of ``traffic`` (read off its
    stored route summary: ``BOUND_COLUMNS``, ``with_cheapest_route()``).

    ``route_high``: the month on its cheapest route by blended price, or at the greatest
    prices and least discount of its priced routes, whichever is less. Where known, the
    model's month is known and no greater; where not (its cheapest route lacks a price the
    traffic needs; and with cached input and batching both, the greatest prices may come
    from routes of which none has both), unknown.

    ``route_low``: the month at the least prices and greatest discount of its priced routes
    (each route's month is at least that); none only where the model has no month."""
    high = monthly_cost_sql(traffic, CHEAPEST_ROUTE_PRICES)
    if not (traffic.cached_share_percent and traffic.batch_share_percent):
        high = Least(high, monthly_cost_sql(traffic, MOST_PRICES))
    return {
        "route_high": ExpressionWrapper(high, output_field=DecimalField()),
        "route_low": monthly_cost_sql(traffic, LEAST_PRICES),
    }


# What bounds each route figure of a model's cheapest route at any traffic (figure_bounds):
# the least and the greatest of it over the model's priced live routes (summary columns, or
# SQL over them), and for a figure a priced route may lack, the summary column that says
# every one has it, with the traffic's share that needs it to price a route at all.
def _batched(price: str, discount: str) -> F:
    return F(price) * (HUNDRED - F(discount))  # as ROUTE_FIGURES


FIGURE_BOUNDS = {
    "input_usd_per_mtok": ("least_input_usd_per_mtok", "most_input_usd_per_mtok"),
    "output_usd_per_mtok": ("least_output_usd_per_mtok", "most_output_usd_per_mtok"),
    "cached_input_usd_per_mtok": (
        "least_cached_input_usd_per_mtok",
        "most_cached_input_usd_per_mtok",
    ),
    "cache_write_usd_per_mtok": (
        "least_cache_write_usd_per_mtok",
        "most_cache_write_usd_per_mtok",
    ),
    "provider__name": ("least_provider_name", "most_provider_name"),  # lower case, as sorted
    "batch_input": (
        _batched("least_input_usd_per_mtok", "most_batch_discount_percent"),
        _batched("most_input_usd_per_mtok", "least_batch_discount_percent"),
    ),
    "batch_output": (
        _batched("least_output_usd_per_mtok", "most_batch_discount_percent"),
        _batched("most_output_usd_per_mtok", "least_batch_discount_percent"),
    ),
}
FIGURE_MAY_LACK = {
    "cached_input_usd_per_mtok": ("every_cached_input", "cached_share_percent"),
    "cache_write_usd_per_mtok": ("every_cache_write", None),
    "batch_input": ("every_batch_discount", "batch_share_percent"),
    "batch_output": ("every_batch_discount", "batch_share_percent"),
}


# A model row's cheapest route's figure of each route sort, from its stored route summary.
CHEAPEST_FIGURES = {
    "input_usd_per_mtok": F("cheapest_input_usd_per_mtok"),
    "output_usd_per_mtok": F("cheapest_output_usd_per_mtok"),
    "cached_input_usd_per_mtok": F("cheapest_cached_input_usd_per_mtok"),
    "cache_write_usd_per_mtok": F("cheapest_cache_write_usd_per_mtok"),
    "provider__name": Lower("cheapest_provider_name"),
    "batch_input": _batched("cheapest_input_usd_per_mtok", "cheapest_batch_discount_percent"),
    "batch_output": _batched("cheapest_output_usd_per_mtok", "cheapest_batch_discount_percent"),
}
# Its rivals' least prices and greatest discount (catalog.route_summary.RIVAL_COLUMNS); at
# traffic with no cached input or batching, the routes whose prices differ are its rivals.
RIVAL_PRICES = {
    "input": "rival_least_input_usd_per_mtok",
    "output": "rival_least_output_usd_per_mtok",
    "cached": "rival_least_cached_input_usd_per_mtok",
    "discount": "rival_most_batch_discount_percent",
}
PRICE_RIVAL_PRICES = {
    **RIVAL_PRICES,
    "input": "price_rival_least_input_usd_per_mtok",
    "output": "price_rival_least_output_usd_per_mtok",
}
# Where its cheapest route by blended price is surely its cheapest at the traffic too
# (figure_bounds' aliases): it has a month, under its rivals' (where it has a rival that
# month can price). Read as one COALESCE, each month is computed once a row, not twice.
CHEAPEST_AT_TRAFFIC = Coalesce(
    ExpressionWrapper(Q(cheapest_route_month__lt=F("rivals_month")), BooleanField()),
    ExpressionWrapper(Q(cheapest_route_month__isnull=False), BooleanField()),
)


def cheapest_at_traffic(traffic: Traffic) -> dict[str, ExpressionWrapper]:
    """The aliases ``CHEAPEST_AT_TRAFFIC`` reads, off a model row's stored route summary
    (``BOUND_COLUMNS``, ``RIVAL_COLUMNS``): its cheapest route's month of ``traffic`` and
    the least its rivals' can be (at traffic with no cached input or batching, its rivals
    are the routes whose prices differ)."""
    plain = not (traffic.cached_share_percent or traffic.batch_share_percent)
    return {
        "cheapest_route_month": monthly_cost_sql(traffic, CHEAPEST_ROUTE_PRICES),
        "rivals_month": monthly_cost_sql(traffic, PRICE_RIVAL_PRICES if plain else RIVAL_PRICES),
    }


def figure_bounds(field: str, traffic: Traffic) -> dict[str, Expression]:
    """SQL for ``figure_page``'s bounds on ``field`` (a ROUTE_SORTS value) of a model row's
    cheapest route at ``traffic`` (read off its stored route summary, ``BOUND_COLUMNS`` and
    ``RIVAL_COLUMNS``, and ``month_bounds``).

    Where its cheapest route by blended price has a month and every rival's month is surely
    greater (``CHEAPEST_AT_TRAFFIC``; a rival of equal month could win the tie-break), that
    route is the cheapest at the traffic: both bounds are its figure (``cheapest_figure``).
    Else the route is one of its priced live routes, so where it has the figure, the figure
    lies between their least and greatest:

    ``figure_low``: that least; none where the model surely has no such route (no month:
    ``route_low`` none) or none of its priced routes has the figure.

    ``figure_high``: that greatest, where the model surely has that route (its month is
    known: ``route_high``) and the route surely has the figure (every priced route has it,
    or the traffic prices no route without it); else unknown."""
    least, most = (F(bound) if isinstance(bound, str) else bound for bound in FIGURE_BOUNDS[field])
    output = CharField() if field == "provider__name" else DecimalField()
    sure = Q(route_high__isnull=False)
    every, share = FIGURE_MAY_LACK.get(field, (None, None))
    if every and not (share and getattr(traffic, share)):
        sure &= Q(**{every: True})
    exact = F("cheapest_figure")
    return {
        **cheapest_at_traffic(traffic),
        "cheapest_figure": ExpressionWrapper(CHEAPEST_FIGURES[field], output_field=output),
        "figure_low": Case(
            When(CHEAPEST_AT_TRAFFIC, then=exact),
            When(route_low__isnull=False, then=least),
            output_field=output,
        ),
        "figure_high": Case(
            When(CHEAPEST_AT_TRAFFIC, then=exact), When(sure, then=most), output_field=output
        ),
    }


def cost_page(
    models: QuerySet, *, traffic: Traffic, start: int, stop: int, dearest: bool = False
) -> QuerySet:
    """Rows ``start:stop`` of ``models`` (``with_cheapest_route()``) ordered by
    ``MONTHLY_COST`` (``dearest`` or least first, unknown last, any tie-break): the very rows
    of that slice of the whole order, with only the models around the page costed, at any
    depth (``bounded_page``, between the month's bounds: ``month_bounds``)."""
    if models.query.distinct:  # the bounds count models, not distinct rows of figures
        return models[start:stop]
    models = models.alias(**summary_columns(list(BOUND_COLUMNS))).alias(**month_bounds(traffic))
    models = _unknown_where_no_figure(models, MONTHLY_COST, "route_low")
    return bounded_page(
        models, low="route_low", high="route_high", start=start, stop=stop, dearest=dearest
    )


def figure_page(
    models: QuerySet, *, field: str, traffic: Traffic, start: int, stop: int, dearest: bool
) -> QuerySet:
    """Rows ``start:stop`` of ``models`` (``ordered_for_pricing``'s by the route figure
    ``field``, a ROUTE_SORTS value other than the cost's): the very rows of that slice of
    the whole order, with the figure found only for the models around the page
    (``bounded_page``, between its bounds: ``figure_bounds``)."""
    if models.query.distinct:  # the bounds count models, not distinct rows of figures
        return models[start:stop]
    summary = summary_columns([*BOUND_COLUMNS, *RIVAL_COLUMNS])
    models = models.alias(**summary).alias(**month_bounds(traffic))
    models = models.alias(**figure_bounds(field, traffic))
    known = When(CHEAPEST_AT_TRAFFIC, then=F("cheapest_figure"))
    models = _unknown_where_no_figure(models, ROUTE_FIGURE, "figure_low", known)
    return bounded_page(
        models, low="figure_low", high="figure_high", start=start, stop=stop, dearest=dearest
    )


def bounded_page(
    models: QuerySet, *, low: str, high: str, start: int, stop: int, dearest: bool
) -> QuerySet:
    """Rows ``start:stop`` of ``models``, ordered by a figure (``dearest`` or least first,
    unknown last, any tie-break) that two of their aliases bound: ``high`` (where known, the
    figure is known and no greater) and ``low`` (the figure is no less; where none, the
    figure is unknown). The very rows of that slice of the whole order, with the figure
    found only for the models around the page, at any depth.

    Least first: at least ``stop`` models have a figure of at most the ``stop``-th least
    ``high``, ``T``, so a model whose ``low`` is above ``T`` is after the page. At most
    ``start`` models have a ``low`` under the ``start``-th least ``low``, ``L``, so at most
    ``start`` models have a figure under ``L``, all before the page: those whose ``high``
    is under ``L`` are among them and are counted (``skipped``), not read; the page is rows
    ``start - skipped`` to ``stop - skipped`` of the rest. Greatest first mirrors it: ``T``
    is the ``stop``-th greatest ``low`` of the models whose ``high`` is known, ``L`` the
    ``start``-th greatest ``high`` (unknown counting as infinite), and the models whose
    ``low`` is above ``L`` and ``high`` known are skipped. One query reads ``T``, ``L``
    and ``skipped``."""
    known = Q(**{f"{high}__isnull": False})
    has_low = Q(**{f"{low}__isnull": False})
    end, begin, unbounded, skipped = _bounds(
        models, low=low, high=high, start=start, stop=stop, dearest=dearest
    )
    if dearest:
        if end is not None:  # a model of no figure is after the page too
            models = models.filter(Q(**{f"{high}__gte": end}) | ~known & has_low)
        if unbounded is None:  # every model with a known figure is before the page
            return models.exclude(known)[start - skipped : stop - skipped]
        if unbounded:  # a model of unbounded figure is before the page: none skipped
            return models[start:stop]
        rest = ~known | Q(**{f"{low}__lte": begin}) | ~has_low
        return models.filter(rest)[start - skipped : stop - skipped]
    if end is not None:
        models = models.filter(**{f"{low}__lte": end})
    if begin is None:  # every model with a figure is before the page
        return models.exclude(known)[start - skipped : stop - skipped]
    rest = Q(**{f"{high}__gte": begin}) | ~known
    return models.filter(rest)[start - skipped : stop - skipped]


# bounded_page's T, L and the models counted before L, over the models' bounds (b_low,
# b_high), least first and greatest first (unknown L: as if infinite).
BOUNDS_SQL = {
    False: (
        "SELECT b_high FROM b ORDER BY b_high ASC NULLS LAST OFFSET %s LIMIT 1",
        "SELECT b_low AS bound FROM b ORDER BY b_low ASC NULLS LAST OFFSET %s LIMIT 1",
        "SELECT count(*) FROM b WHERE b_high < (SELECT bound FROM skip) "
        "OR ((SELECT bound FROM skip) IS NULL AND b_high IS NOT NULL)",
    ),
    True: (
        "SELECT b_low FROM b WHERE b_high IS NOT NULL ORDER BY b_low DESC NULLS LAST "
        "OFFSET %s LIMIT 1",
        "SELECT b_high AS bound FROM b WHERE b_low IS NOT NULL "
        "ORDER BY b_high DESC NULLS FIRST OFFSET %s LIMIT 1",
        "SELECT count(*) FROM b WHERE b_high IS NOT NULL AND (b_low > (SELECT bound FROM skip) "
        "OR ((SELECT bound FROM skip) IS NULL AND b_low IS NOT NULL))",
    ),
}


def _bounds(
    models: QuerySet, *, low: str, high: str, start: int, stop: int, dearest: bool
) -> tuple[object, object, bool | None, int]:
    """``bounded_page``'s ``T``, ``L``, whether ``L`` is unknown (none: no model has it)
    and how many models are counted before ``L``, in one query that reads each model's
    bounds once."""
    bounds = models.prefetch_related(None).order_by().values(b_low=F(low), b_high=F(high))
    select, params = bounds.query.sql_with_params()
    end, begin, skipped = BOUNDS_SQL[dearest]
    sql = (
        f"WITH b AS MATERIALIZED ({select}), skip AS ({begin}) SELECT ({end}), "
        f"(SELECT bound FROM skip), (SELECT bound IS NULL FROM skip), ({skipped})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, start, stop - 1])
        return cursor.fetchone()


def _unknown_where_no_figure(models: QuerySet, name: str, low: str, *known: When) -> QuerySet:
    """``models`` whose figure ``name`` (an annotation or alias) is not computed where its
    bound ``low`` is none, nor where one of ``known`` gives it: such a model's figure is
    none (that) either way, but a page among them (a deep page at traffic most routes have
    no price for, e.g. all batched) had each one's figure found to sort it (at 10,000
    models ~8,000 routes' subqueries, ~55 ms)."""
    figure = models.query.annotations.get(name)
    if figure is None:
        return models
    unknown = When(**{f"{low}__isnull": True}, then=Value(None))
    guarded = Case(*known, unknown, default=figure)
    guarded = ExpressionWrapper(guarded, figure.output_field)
    if name in models.query.annotation_select:
        return models.annotate(**{name: guarded})
    return models.alias(**{name: guarded})


def page_models(models: QuerySet, page: QuerySet) -> list:
    """The models of ``page`` (a slice of ``models``, as ``cost_page`` gives it) in its
    order, read in two steps: their ids, by a query that reads only what picks and orders
    them (off the narrow ``languagemodel_cost_bounds`` index, not the wide rows: at 10,000
    models a sequential scan of every row), then only those rows in full."""
    ids = list(page.prefetch_related(None).values_list("pk", flat=True))
    rows = models.in_bulk(ids)
    return [rows[pk] for pk in ids]


def ordered_for_pricing(models: QuerySet, *, traffic: Traffic, sort: str) -> QuerySet:
    """Published ``models`` in the order ``sort`` asks (a ROUTE_SORTS key, "-" descending),
    unknown values last, then by name; each annotated with its cheapest route's monthly cost
    (``MONTHLY_COST``) and fetched with what a page of them shows."""
    live = Offering.objects.live().annotate(**ROUTE_FIGURES)
    price = route_cost_sql(traffic)
    field = ROUTE_SORTS[sort.lstrip("-")]
    figure = Lower("name") if field is None else cheapest_route_sql(live, field, price=price)
    if field == "provider__name":
        figure = Lower(figure)
    if field in FIGURE_BOUNDS:  # an alias figure_page can bound
        models = models.alias(**{ROUTE_FIGURE: figure})
        figure = F(ROUTE_FIGURE)
    if field == ROUTE_SORTS[DEFAULT_SORT]:  # the cheapest route's month: MONTHLY_COST itself
        figure = F(MONTHLY_COST)
    first = figure.desc(nulls_last=True) if sort.startswith("-") else figure.asc(nulls_last=True)
    return (
        models.annotate(**{MONTHLY_COST: cheapest_cost_sql(traffic)})
        .select_related("lab")
        .prefetch_related(
            Prefetch("offerings", queryset=Offering.objects.live().select_related("provider"))
        )
        .order_by(first, Lower("name"), "pk")
    )


@dataclass
class RouteRow:
    model: LanguageModel
    offering: Offering
    cost: CostEstimate
    last_change: PriceChange | None = None
    is_cheapest: bool = False
    cells: str = ""  # its cells in /pricing/'s table (comparisons.pages.attach_route_cells)


@dataclass
class ModelGroup:
    """A model's routes: its cheapest complete route first, then the others by cost."""

    model: LanguageModel
    routes: list[RouteRow]
    reason: str = ""  # why no route gives a complete price at this traffic

    @property
    def cheapest(self) -> RouteRow | None:
        return self.routes[0] if self.routes and self.routes[0].is_cheapest else None

    @property
    def first(self) -> RouteRow | None:
        return self.routes[0] if self.routes else None

    @property
    def others(self) -> list[RouteRow]:
        """The routes after the first that the table lists (at most ``FOLDED_ROUTES``)."""
        return self.routes[1 : 1 + FOLDED_ROUTES]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.routes) - 1 - FOLDED_ROUTES)

    @property
    def cost(self) -> CostEstimate | None:
        return self.cheapest.cost if self.cheapest else None


def model_group(model: LanguageModel, traffic: Traffic) -> ModelGroup:
    """One model's routes at ``traffic``, cheapest first (``catalog.routes``), the cheapest
    marked when it has a complete price."""
    rows = rank_routes(
        (
            RouteRow(model=model, offering=offering, cost=route_cost(offering, traffic))
            for offering in model.offerings.all()
        ),
        price=lambda row: row.cost.total_usd,
        route=lambda row: row.offering,
    )
    if rows and rows[0].cost.available:
        rows[0].is_cheapest = True
        return ModelGroup(model, rows)
    reason = rows[0].cost.reason if rows else "no provider route is sourced"
    return ModelGroup(model, rows, reason)


def shown_routes(groups: list[ModelGroup]) -> list[RouteRow]:
    """The routes a page of groups lists: each model's first and its folded others."""
    return [row for group in groups for row in group.routes[: 1 + FOLDED_ROUTES]]


def cost_precision(groups: list[ModelGroup]) -> Precision:
    """The one money precision of a page of the table (its folded routes included)."""
    return money_precision(row.cost.total_usd for row in shown_routes(groups))


def attach_price_changes(groups: list[ModelGroup]) -> None:
    """Each shown route's last price change, from one query for the groups of one page."""
    shown = shown_routes(groups)
    prefetch_related_objects([row.offering for row in shown], "price_history")
    for row in shown:
        row.last_change = last_price_change(list(row.offering.price_history.all()))


def chart_points(points: list[Point], *, higher_is_better: bool) -> list[Point]:
    """The points a chart can show legibly, at most ``CHART_POINTS``: the Pareto frontier
    (evenly thinned if longer), then the cheapest others; cheapest first."""
    frontier = pareto_frontier(points, higher_is_better=higher_is_better)
    if len(frontier) > CHART_POINTS:  # evenly spaced along it, both ends kept
        step = (len(frontier) - 1) / (CHART_POINTS - 1)
        frontier = [frontier[round(n * step)] for n in range(CHART_POINTS)]
    on_frontier = {id(point) for point in frontier}
    others = sorted(
        (p for p in points if id(p) not in on_frontier), key=lambda p: (p.cost, p.label)
    )
    kept = frontier + others[: max(0, CHART_POINTS - len(frontier))]
    return sorted(kept, key=lambda p: (p.cost, p.label))


@dataclass
class PriceScoreSection:
    """The price-versus-score chart of one benchmark, with the points as a table."""

    benchmark: Benchmark | None
    benchmarks: list[Benchmark]
    points: list[Point]
    frontier: list[Point]
    svg: str

    @property
    def cost_precision(self) -> Precision:
        """The one money precision of the chart's data table."""
        return money_precision(point.cost for point in self.points)


def score_points(models: QuerySet, benchmark: Benchmark, traffic: Traffic) -> list[Point]:
    """Each of ``models`` (``ordered_for_pricing``'s) with a best ranked score on
    ``benchmark`` and a monthly cost at ``traffic``, as a point: all that ``chart_points``
    can keep (2 queries).

    The ``PROBED_PAGES * CHART_POINTS`` scored models of least blended price are costed
    first: CHART_POINTS of them cost at most ``ceiling``, the best score among those is
    ``par``. A model whose cost is surely above ``ceiling`` (blended price times
    ``least_cost_per_blended_usd`` above it) and whose score does not beat ``par`` is
    neither on the frontier (a cheaper model scores as well) nor among the cheapest others
    (CHART_POINTS are cheaper), so it is never costed."""
    higher = benchmark.higher_is_better
    ranked = Q(
        benchmark_results__benchmark=benchmark,
        benchmark_results__setting=benchmark.ranked_setting,
    )
    # Filtered first, so the best score reads the join of the ranked results alone (not a
    # second join of every result of each model).
    scored = models.filter(ranked).annotate(
        best_score=(Max if higher else Min)("benchmark_results__score")
    )

    def points(queryset: QuerySet) -> list[Point]:
        rows = queryset.prefetch_related(None).values_list("name", "best_score", MONTHLY_COST)
        return [
            Point(label=name, score=score, cost=cost)
            for name, score, cost in rows
            if cost is not None
        ]

    floor = least_cost_per_blended_usd(traffic)
    probe = scored.order_by(F("blended_usd_per_mtok").asc(nulls_last=True), "pk")
    cheapest = sorted(points(probe[: PROBED_PAGES * CHART_POINTS]), key=lambda p: p.cost)
    if floor > 0 and len(cheapest) >= CHART_POINTS:
        cheapest = cheapest[:CHART_POINTS]
        scores = [point.score for point in cheapest]
        with localcontext() as context:
            context.prec = 50
            context.rounding = ROUND_CEILING
            most_blended = cheapest[-1].cost / floor
        beats = {"best_score__gt": max(scores)} if higher else {"best_score__lt": min(scores)}
        scored = scored.filter(Q(blended_usd_per_mtok__lte=most_blended) | Q(**beats))
    return points(scored.order_by())


def price_score_section(
    models: QuerySet, benchmark_slug: str | None, traffic: Traffic
) -> PriceScoreSection:
    """Monthly cost at the cheapest route against the best ranked score on one benchmark, for
    ``models`` as ``ordered_for_pricing`` gives them (3 queries)."""
    benchmarks = list(
        Benchmark.objects.annotate(result_count=Count("results"))
        .filter(result_count__gt=0)
        .order_by("-result_count", "name")
    )
    benchmark = next((b for b in benchmarks if b.slug == benchmark_slug), None) or (
        benchmarks[0] if benchmarks else None
    )
    if benchmark is None:
        return PriceScoreSection(None, [], [], [], "")
    points = chart_points(
        score_points(models, benchmark, traffic), higher_is_better=benchmark.higher_is_better
    )
    if len(points) < 2:
        return PriceScoreSection(benchmark, benchmarks, points, points, "")
    svg = price_score_chart(
        points,
        benchmark=benchmark.name,
        cost_label="Monthly cost (USD)",
        higher_is_better=benchmark.higher_is_better,
    )
    frontier = pareto_frontier(points, higher_is_better=benchmark.higher_is_better)
    return PriceScoreSection(benchmark, benchmarks, points, frontier, svg)
