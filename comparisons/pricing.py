"""The pricing page: every route's prices, each model's monthly cost, price changes.

Plain functions over already-fetched objects (``pricing_queryset`` fetches them in a fixed
number of queries); all money maths come from ``comparisons.costs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, prefetch_related_objects

from catalog.charts import Point, pareto_frontier, price_score_chart
from catalog.formatting import Precision, money_precision
from catalog.models import Benchmark, BenchmarkResult, LanguageModel, Offering
from catalog.price_history import PriceChange, last_price_change
from catalog.routes import rank_routes
from comparisons.costs import CostEstimate, Traffic, route_cost


def _first_route(value):
    """A sort key read from a model's first (cheapest) route; None when it has no route."""
    return lambda group: value(group.first) if group.first else None


# How the models can be ordered: by name, or by a figure of their first (cheapest) route.
ROUTE_SORTS = {
    "model": lambda group: group.model.name.lower(),
    "provider": _first_route(lambda row: row.offering.provider.name.lower()),
    "input": _first_route(lambda row: row.offering.input_usd_per_mtok),
    "output": _first_route(lambda row: row.offering.output_usd_per_mtok),
    "cached": _first_route(lambda row: row.offering.cached_input_usd_per_mtok),
    "cache_write": _first_route(lambda row: row.offering.cache_write_usd_per_mtok),
    "batch_input": _first_route(lambda row: row.offering.batch_input_usd_per_mtok),
    "batch_output": _first_route(lambda row: row.offering.batch_output_usd_per_mtok),
    "cost": _first_route(lambda row: row.cost.total_usd),
}
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
MODELS_PER_PAGE = 30
CHART_POINTS = 30  # models on the price-versus-score chart (the frontier always among them)
FOLDED_ROUTES = 8  # other routes listed under a model; its own page lists every one


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


@dataclass
class PricingTable:
    ranked: list[ModelGroup]  # models with a complete price, cheapest first
    groups: list[ModelGroup]  # every model, ordered as asked, unknown values last


def pricing_queryset(models):
    """Published models with their live offerings (2 queries; price history comes per page)."""
    return models.prefetch_related(
        Prefetch(
            "offerings",
            queryset=Offering.objects.live().select_related("provider").order_by("provider__name"),
        ),
    ).select_related("lab")


def sort_rows(rows: list, key: str, sorts: dict) -> list:
    """Sort by ``key`` ("-" prefix for descending); unknown values always last."""
    descending = key.startswith("-")
    getter = sorts[key.lstrip("-")]
    known = [row for row in rows if getter(row) is not None]
    unknown = [row for row in rows if getter(row) is None]
    return sorted(known, key=getter, reverse=descending) + unknown


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


def build_pricing(
    models: list[LanguageModel], *, traffic: Traffic, sort: str = DEFAULT_SORT
) -> PricingTable:
    groups = [model_group(model, traffic) for model in models]
    ranked = sorted(
        (group for group in groups if group.cheapest),
        key=lambda group: (group.cost.total_usd, group.model.name),
    )
    ordered = sort_rows(
        sorted(groups, key=lambda group: group.model.name.lower()),
        sort,
        ROUTE_SORTS,
    )
    return PricingTable(ranked=ranked, groups=ordered)


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
    """The points a chart can show legibly: the whole Pareto frontier, then the cheapest
    others up to ``CHART_POINTS``; cheapest first."""
    frontier = pareto_frontier(points, higher_is_better=higher_is_better)
    others = sorted((p for p in points if p not in frontier), key=lambda p: (p.cost, p.label))
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


def price_score_section(table: PricingTable, benchmark_slug: str | None) -> PriceScoreSection:
    """Monthly cost at the cheapest route against the best score on one benchmark (2 queries)."""
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
    ranked = {row.model.pk: row for row in table.ranked}
    best: dict[int, Decimal] = {}
    for model_id, score in (
        BenchmarkResult.objects.filter(benchmark=benchmark, model_id__in=list(ranked))
        .ranked()
        .values_list("model_id", "score")
    ):
        current = best.get(model_id)
        if current is None or (score > current if benchmark.higher_is_better else score < current):
            best[model_id] = score
    points = [
        Point(label=ranked[model_id].model.name, score=score, cost=ranked[model_id].cost.total_usd)
        for model_id, score in best.items()
    ]
    points = chart_points(points, higher_is_better=benchmark.higher_is_better)
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
