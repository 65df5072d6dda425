"""A benchmark's page: its leaderboard (``catalog.leaderboards``) and a chart of the price
against the score of its best-scoring models, with the Pareto frontier."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Max, Min, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from catalog.charts import Point, pareto_frontier, price_score_chart
from catalog.formatting import format_date
from catalog.leaderboards import SORTS, leaderboard
from catalog.links import model_urls
from catalog.models import Benchmark, BenchmarkResult, LanguageModel
from catalog.templatetags.figures import provenance, score

BLENDED_PRICE_LABEL = "Blended price (USD per 1M tokens, 3 input : 1 output)"


CHART_MODELS = 50


def price_score_points(benchmark: Benchmark) -> list[Point]:
    """The CHART_MODELS best-scoring published models here, in the benchmark's ranked
    setting: each one's best score against its cheapest blended price (1 query; the price
    is only looked up for those)."""
    best = Max if benchmark.higher_is_better else Min
    ranked = Q(
        benchmark_results__benchmark=benchmark,
        benchmark_results__setting=benchmark.ranked_setting,
    )
    models = (
        LanguageModel.objects.published()
        .filter(ranked)
        .annotate(best_score=best("benchmark_results__score", filter=ranked))
        .order_by(
            F("best_score").desc() if benchmark.higher_is_better else F("best_score").asc(),
            "name",
        )
        .with_cheapest_route()
        .only("name")[:CHART_MODELS]  # narrow rows through the grouping
    )
    return sorted(
        (
            Point(
                label=model.name,
                score=model.best_score,
                cost=model.blended_usd_per_mtok,
            )
            for model in models
            if model.blended_usd_per_mtok is not None
        ),
        key=lambda point: (point.cost, point.label),
    )


@dataclass(frozen=True)
class ResultRow:
    """One result as the leaderboard's tables show it, every figure formatted once (the
    Jinja2 template only places them)."""

    position: int | None  # ranked results only
    name: str
    url: str
    score: str
    setting: str
    lab: str  # ranked results only
    reported_by: str
    measured: str  # "" where the date is unknown
    provenance: SafeString


def result_rows(
    results: Iterable[BenchmarkResult], benchmark: Benchmark, *, ranked: bool
) -> SafeString:
    """The rows of the ranking (``ranked``) or of the other results, rendered with Jinja2
    (``jinja2/catalog/result_rows.html``): up to 150 a page."""
    url = model_urls()
    rows = [
        ResultRow(
            position=getattr(result, "position", None),
            name=result.model.name,
            url=url(result.model.slug),
            score=score(result.score, benchmark),
            setting=result.setting_label,
            lab=result.model.lab.name if ranked else "",
            reported_by=result.get_reported_by_display(),
            measured=format_date(result.measured_on) if result.measured_on else "",
            provenance=provenance(result.source_url, result.checked_on, note=result.source_note),
        )
        for result in results
    ]
    return mark_safe(  # Jinja2 escaped what it printed
        render_to_string(
            "catalog/result_rows.html", {"rows": rows, "ranked": ranked}, using="jinja2"
        )
    )


def build_benchmark_page(request: HttpRequest, benchmark: Benchmark) -> dict[str, Any]:
    """What the page shows: ``leaderboard`` (the pages ``?page``, ``?others`` and ``?sort``
    ask for) and its rows (``ranked_rows``, ``other_rows``), ``sort_ignored`` (a ``?sort``
    that is none of the leaderboard's), the chart's ``points``, their ``frontier``, the
    ``chart`` itself (with two points or more) and ``chart_models``, how many models it may
    show."""
    sort = request.GET.get("sort", "")
    points = price_score_points(benchmark)
    chart = ""
    if len(points) >= 2:
        chart = price_score_chart(
            points,
            benchmark=benchmark.name,
            cost_label=BLENDED_PRICE_LABEL,
            higher_is_better=benchmark.higher_is_better,
        )
    board = leaderboard(request, benchmark, sort)
    return {
        "leaderboard": board,
        "ranked_rows": result_rows(board.ranked, benchmark, ranked=True),
        "other_rows": result_rows(board.others.object_list, benchmark, ranked=False),
        "sort_ignored": sort not in {"", *SORTS},
        "points": points,
        "frontier": pareto_frontier(points, higher_is_better=benchmark.higher_is_better),
        "chart": chart,
        "chart_models": CHART_MODELS,
    }
