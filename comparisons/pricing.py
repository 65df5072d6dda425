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

from django.db.models import (
    Case,
    Count,
    DecimalField,
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
from django.db.models.functions import Lower

from catalog.charts import Point, pareto_frontier, price_score_chart
from catalog.formatting import Precision, money_precision
from catalog.models import IS_BILLABLE, Benchmark, LanguageModel, Offering
from catalog.price_history import PriceChange, last_price_change
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
PROBED_PAGES = 2  # cost_order_candidates costs twice the rows it serves to bound the rest


def monthly_cost_sql(traffic: Traffic) -> ExpressionWrapper:
    """``costs.monthly_cost`` of ``traffic`` at an Offering row's prices, in SQL: NULL exactly
    where ``monthly_cost`` is unavailable (a price missing, or a share the route has no price
    for). Multiplications only, so PostgreSQL's numeric gives the Decimal maths' exact figure."""
    with localcontext() as context:
        context.prec = 50
        cached_tokens = Decimal(traffic.input_tokens) * traffic.cached_share_percent / HUNDRED
        total = Value(Decimal(traffic.input_tokens) - cached_tokens) * F(
            "input_usd_per_mtok"
        ) + Value(Decimal(traffic.output_tokens)) * F("output_usd_per_mtok")
        if traffic.cached_share_percent:
            total += Value(cached_tokens) * F("cached_input_usd_per_mtok")
        if traffic.batch_share_percent:
            share = traffic.batch_share_percent / HUNDRED / HUNDRED
            total *= Value(Decimal(1)) - Value(share) * F("batch_discount_percent")
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
    with localcontext() as context:
        context.prec = 50
        uncached = (
            Decimal(traffic.input_tokens) * (HUNDRED - traffic.cached_share_percent) / HUNDRED
        )
        corner = min(uncached / BLEND_INPUT, Decimal(traffic.output_tokens) / BLEND_OUTPUT)
        unbatched = (HUNDRED - traffic.batch_share_percent) / HUNDRED
        return (BLEND_INPUT + BLEND_OUTPUT) * corner * unbatched / MILLION


def cost_order_candidates(models: QuerySet, *, traffic: Traffic, stop: int) -> QuerySet:
    """The models among which the first ``stop`` of ``models`` (``ordered_for_pricing``'s,
    by cost) are, in the same order: sliced, they give the same rows as ``models``, with the
    cheapest route costed for a few models, not every one.

    The ``PROBED_PAGES * stop`` models of least blended price (their stored summary: an
    index) are costed at ``traffic``; at least ``stop`` models cost at most the ``stop``-th
    least of those,
    ``ceiling``, so no model costing more is among the first ``stop``, and none whose
    blended price times ``least_cost_per_blended_usd`` (a floor on its cost) is above
    ``ceiling`` can be: those under that blended price are the candidates. Where this
    cannot bound the page (too few priced models, a floor of 0), every model is one."""
    floor = least_cost_per_blended_usd(traffic)
    if floor <= 0:
        return models
    costs = probed_costs(models, stop=stop, dearest=False)
    if len(costs) < stop:
        return models
    with localcontext() as context:
        context.prec = 50
        context.rounding = ROUND_CEILING
        most_blended = costs[stop - 1] / floor
    return models.filter(blended_usd_per_mtok__lte=most_blended)


def probed_costs(models: QuerySet, *, stop: int, dearest: bool) -> list[Decimal]:
    """The known ``MONTHLY_COST`` of the ``PROBED_PAGES * stop`` models of least (or, for
    ``dearest``, greatest) blended price (their stored summary: an index), least (greatest)
    first."""
    blended = F("blended_usd_per_mtok")
    order = blended.desc(nulls_last=True) if dearest else blended.asc(nulls_last=True)
    probe = models.prefetch_related(None).order_by(order, "pk")
    costs = probe.values_list(MONTHLY_COST, flat=True)[: PROBED_PAGES * stop]
    return sorted((cost for cost in costs if cost is not None), reverse=dearest)


def most_cost_per_blended_usd(traffic: Traffic) -> Decimal | None:
    """A ceiling on a route's month of ``traffic`` per USD of its blended price, where one
    exists: a priced route whose blended price is p costs at most p times this. Its input
    (A tokens) and output (B) cost A x input + B x output, which over every pair of prices
    with the blend's ``3 x input + output = 4p`` is greatest at a corner: 4p x max(A / 3, B);
    a batch discount (0 to 100%) only takes off. A cached input price is not bound by the
    blend, so traffic with cached input has no ceiling (None)."""
    if traffic.cached_share_percent:
        return None
    with localcontext() as context:
        context.prec = 50
        corner = max(
            Decimal(traffic.input_tokens) / BLEND_INPUT,
            Decimal(traffic.output_tokens) / BLEND_OUTPUT,
        )
        return (BLEND_INPUT + BLEND_OUTPUT) * corner / MILLION


def dearest_cost_candidates(models: QuerySet, *, traffic: Traffic, stop: int) -> QuerySet:
    """``cost_order_candidates`` for the dearest first: the models among which the first
    ``stop`` of ``models`` ordered by ``MONTHLY_COST`` descending are.

    The ``PROBED_PAGES * stop`` models of greatest blended price are costed; at least
    ``stop`` models cost at least the ``stop``-th greatest of those, ``floor``, so each of
    the first ``stop`` does too, and a model costs at most its blended price times
    ``most_cost_per_blended_usd``: those whose blended price times it reaches ``floor`` are
    the candidates. Where this cannot bound the page (cached input, too few priced models),
    every model is one."""
    ceiling = most_cost_per_blended_usd(traffic)
    if not ceiling:
        return models
    costs = probed_costs(models, stop=stop, dearest=True)
    if len(costs) < stop:
        return models
    with localcontext() as context:
        context.prec = 50
        context.rounding = ROUND_FLOOR
        least_blended = costs[stop - 1] / ceiling
    return models.filter(blended_usd_per_mtok__gte=least_blended)


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
    scored = models.annotate(
        best_score=(Max if higher else Min)("benchmark_results__score", filter=ranked)
    ).filter(ranked)

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
