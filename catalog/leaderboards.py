"""A benchmark's leaderboard, paged in SQL: one ranked row per published model (its best
result in the setting the benchmark ranks on), equal scores sharing a place (1, 2, 2, 4);
every other result (other settings, a model's lesser runs) listed apart, never ranked.

Both lists come a page at a time in a total order, so a page link always names the same
rows: the ranking ``RESULTS_PER_PAGE`` a page (``?page=N``), the other results
``OTHERS_PER_PAGE`` (``?others=N``). A fixed number of queries, however many results.

``results_with_places`` gives every result the same place, counted per result, for the
results a model's page lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, Rank
from django.http import HttpRequest

from catalog.models import (
    Benchmark,
    BenchmarkResult,
    BenchmarkSetting,
    LanguageModel,
)
from catalog.pagination import page_of

RESULTS_PER_PAGE = 100
OTHERS_PER_PAGE = 50


def _best_first(benchmark: Benchmark):
    return F("score").desc() if benchmark.higher_is_better else F("score").asc()


def _sorts(benchmark: Benchmark) -> dict[str, list]:
    """?sort= values of the ranking and their SQL order (positions stay the score's)."""
    by_rank = [_best_first(benchmark), Lower("model__name"), "pk"]
    return {
        "": by_rank,
        "model": [Lower("model__name"), "pk"],
        "-model": [Lower("model__name").desc(), "-pk"],
        "date": [F("measured_on").asc(nulls_last=True), *by_rank],  # undated always last
        "-date": [F("measured_on").desc(nulls_last=True), *by_rank],
        "score": [F("score").asc(), Lower("model__name"), "pk"],
        "-score": [F("score").desc(), Lower("model__name"), "pk"],
    }


SORTS = frozenset({"model", "-model", "date", "-date", "score", "-score"})


def best_results(benchmark: Benchmark) -> QuerySet:
    """The ids of each published model's best result in the ranked setting."""
    return (
        BenchmarkResult.objects.of_published_models()
        .filter(benchmark=benchmark, setting=benchmark.ranked_setting)
        .order_by("model_id", _best_first(benchmark), "pk")
        .distinct("model_id")
        .values("pk")
    )


# What a leaderboard row shows of its model (a link and its lab): narrow rows, so the
# ranking's sort over every entrant does not carry every model column.
SHOWN_MODEL_FIELDS = ("model__name", "model__slug", "model__lab__name", "model__lab__slug")


def ranked_results(benchmark: Benchmark, sort: str = "") -> QuerySet:
    """The ranked rows, each with its ``position``, best first or by ``sort`` (a SORTS key)."""
    own = [field.name for field in BenchmarkResult._meta.concrete_fields]
    return (
        BenchmarkResult.objects.filter(pk__in=best_results(benchmark))
        .select_related("model", "model__lab")
        .only(*own, *SHOWN_MODEL_FIELDS)
        .annotate(position=Window(Rank(), order_by=_best_first(benchmark)))
        .order_by(*_sorts(benchmark)[sort])
    )


def results_with_places() -> QuerySet:
    """Every result, of every benchmark, with the place its leaderboard gives its score:
    ``position`` (1 + how many other published models did better in the ranked setting, so
    the same place as ``ranked_results`` gives a model's best result there) and ``entrants``
    (of how many models). Counted in the query itself, for a model's page (its prefetch). A
    result in another setting is shown, not ranked.

    A fresh clone each call of one queryset built once: building its subqueries costs
    more than the query (~2 ms a model page). The built one is never evaluated, so it
    holds no rows; it reads no date or setting."""
    return _results_with_places().all()


@cache
def _results_with_places() -> QuerySet:
    ranked = (
        BenchmarkResult.objects.filter(
            benchmark=OuterRef("benchmark"),
            setting=OuterRef("benchmark__ranked_setting"),
        )
        .exclude(
            # Not "in the published ones" (10,000 ids to hash, or a probe a row) but "not in
            # the unpublished few": the counts read benchmarkresult_ranking's entries alone.
            model__in=LanguageModel.objects.unpublished().values("pk"),
        )
        .annotate(
            higher_is_better=ExpressionWrapper(
                OuterRef("benchmark__higher_is_better"), output_field=BooleanField()
            )
        )
    )
    # Both counts over the same rows (a condition on the count, not on the rows, so the
    # planner sizes both alike).
    better = ~Q(model=OuterRef("model")) & (
        Q(higher_is_better=True, score__gt=OuterRef("score"))
        | Q(higher_is_better=False, score__lt=OuterRef("score"))
    )

    def models_in(condition: Q | None = None):
        counted = (
            ranked.order_by()
            .values("benchmark")
            .annotate(n=Count("model", distinct=True, filter=condition))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    return (
        BenchmarkResult.objects.select_related("benchmark")
        .annotate(position=models_in(better) + 1, entrants=models_in())
        .order_by("benchmark__name", "setting", "-score")
    )


def other_results(benchmark: Benchmark) -> QuerySet:
    """Every other result of a published model, by setting, then best first."""
    setting_label = Case(
        *(When(setting=value, then=Value(label)) for value, label in BenchmarkSetting.choices),
        default=F("setting"),
    )
    own = [field.name for field in BenchmarkResult._meta.concrete_fields]
    return (
        BenchmarkResult.objects.of_published_models()
        .filter(benchmark=benchmark)
        .exclude(pk__in=best_results(benchmark))
        .select_related("model")
        .only(*own, "model__name", "model__slug")
        .order_by(setting_label, "setting_detail", _best_first(benchmark), "model__name", "pk")
    )


@dataclass(frozen=True)
class Leaderboard:
    ranked: Page  # of results annotated with ``position``
    others: Page
    sort: str  # the ?sort= in use ("" for best first)


def leaderboard(request: HttpRequest, benchmark: Benchmark, sort: str) -> Leaderboard:
    """The pages of ``benchmark``'s leaderboard the request asks for (4 queries)."""
    sort = sort if sort in SORTS else ""
    return Leaderboard(
        ranked=page_of(request, ranked_results(benchmark, sort), RESULTS_PER_PAGE),
        others=page_of(request, other_results(benchmark), OTHERS_PER_PAGE, parameter="others"),
        sort=sort,
    )
