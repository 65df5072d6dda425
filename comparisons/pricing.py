"""The pricing page: every route's prices, each model's monthly cost, price changes.

Plain functions over already-fetched objects (``pricing_queryset`` fetches them in a fixed
number of queries); all money maths come from ``comparisons.costs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch

from catalog.charts import Point, pareto_frontier, price_score_chart
from catalog.models import Benchmark, BenchmarkResult, LanguageModel, Offering
from catalog.price_history import PriceChange, last_price_change
from comparisons.costs import CostEstimate, Traffic, route_cost, unavailable

ROUTE_SORTS = {
    "model": lambda row: row.model.name.lower(),
    "provider": lambda row: row.offering.provider.name.lower(),
    "input": lambda row: row.offering.input_usd_per_mtok,
    "output": lambda row: row.offering.output_usd_per_mtok,
    "cached": lambda row: row.offering.cached_input_usd_per_mtok,
    "cache_write": lambda row: row.offering.cache_write_usd_per_mtok,
    "batch_input": lambda row: row.offering.batch_input_usd_per_mtok,
    "batch_output": lambda row: row.offering.batch_output_usd_per_mtok,
    "cost": lambda row: row.cost.total_usd,
    "changed": lambda row: row.last_change.changed_on if row.last_change else None,
}
DEFAULT_SORT = "cost"
ROUTE_COLUMNS = [
    ("model", "Model"),
    ("provider", "Provider"),
    ("input", "Input"),
    ("output", "Output"),
    ("cached", "Cached input"),
    ("cache_write", "Cache write"),
    ("batch_input", "Batch input"),
    ("batch_output", "Batch output"),
    ("cost", "Monthly cost"),
    ("changed", "Last price change"),
]


@dataclass
class RouteRow:
    model: LanguageModel
    offering: Offering
    cost: CostEstimate
    last_change: PriceChange | None
    is_cheapest: bool = False


@dataclass
class ModelRow:
    model: LanguageModel
    cheapest: RouteRow | None
    reason: str = ""

    @property
    def cost(self) -> CostEstimate | None:
        return self.cheapest.cost if self.cheapest else None


@dataclass
class PricingTable:
    ranked: list[ModelRow]  # models with a complete price, cheapest first
    unpriced: list[ModelRow]  # models without one, with the reason
    routes: list[RouteRow]  # every live route, sorted as asked


def pricing_queryset(models):
    """Published models with their live offerings and price history (3 queries)."""
    return models.prefetch_related(
        Prefetch(
            "offerings",
            queryset=Offering.objects.live().select_related("provider").order_by("provider__name"),
        ),
        "offerings__price_history",
    ).select_related("lab")


def billable_route_cost(offering: Offering, traffic: Traffic) -> CostEstimate:
    """A route's monthly cost; free tiers, plans and local routes have none."""
    if not offering.is_billable:
        return unavailable(f"{offering.route_kind_label.lower()}: not billed per token")
    return route_cost(offering, traffic)


def sort_rows(rows: list, key: str, sorts: dict) -> list:
    """Sort by ``key`` ("-" prefix for descending); unknown values always last."""
    descending = key.startswith("-")
    getter = sorts[key.lstrip("-")]
    known = [row for row in rows if getter(row) is not None]
    unknown = [row for row in rows if getter(row) is None]
    return sorted(known, key=getter, reverse=descending) + unknown


def build_pricing(
    models: list[LanguageModel], *, traffic: Traffic, sort: str = DEFAULT_SORT
) -> PricingTable:
    ranked, unpriced, routes = [], [], []
    for model in models:
        rows = [
            RouteRow(
                model=model,
                offering=offering,
                cost=billable_route_cost(offering, traffic),
                last_change=last_price_change(list(offering.price_history.all())),
            )
            for offering in model.offerings.all()
        ]
        priced = [row for row in rows if row.cost.available]
        if priced:
            cheapest = min(
                priced,
                key=lambda row: (
                    row.cost.total_usd,
                    row.offering.provider.kind != "first-party",
                    row.offering.provider.name,
                ),
            )
            cheapest.is_cheapest = True
            ranked.append(ModelRow(model=model, cheapest=cheapest))
        else:
            reason = rows[0].cost.reason if rows else "no provider route is sourced"
            unpriced.append(ModelRow(model=model, cheapest=None, reason=reason))
        routes.extend(rows)
    ranked.sort(key=lambda row: (row.cost.total_usd, row.model.name))
    return PricingTable(
        ranked=ranked, unpriced=unpriced, routes=sort_rows(routes, sort, ROUTE_SORTS)
    )


def published_models() -> list[LanguageModel]:
    return list(pricing_queryset(LanguageModel.objects.published().order_by("name")))


@dataclass
class PriceScoreSection:
    """The price-versus-score chart of one benchmark, with the points as a table."""

    benchmark: Benchmark | None
    benchmarks: list[Benchmark]
    points: list[Point]
    frontier: list[Point]
    svg: str


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
    for model_id, score in BenchmarkResult.objects.filter(
        benchmark=benchmark, model_id__in=list(ranked)
    ).values_list("model_id", "score"):
        current = best.get(model_id)
        if current is None or (score > current if benchmark.higher_is_better else score < current):
            best[model_id] = score
    points = [
        Point(label=ranked[model_id].model.name, score=score, cost=ranked[model_id].cost.total_usd)
        for model_id, score in best.items()
    ]
    points.sort(key=lambda p: (p.cost, p.label))
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
