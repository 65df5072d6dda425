"""A benchmark's leaderboard: one ranked row per model, in the setting the benchmark ranks
on; every other result (other settings, a model's lesser runs) listed apart, never ranked.

Plain functions over results already fetched: no queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from catalog.models import BenchmarkResult


@dataclass(frozen=True)
class LeaderboardRow:
    position: int  # 1, 2, 2, 4: equal scores share a place
    result: BenchmarkResult


@dataclass(frozen=True)
class Leaderboard:
    ranked: tuple[LeaderboardRow, ...]
    others: tuple[BenchmarkResult, ...]


def _by_date(row: LeaderboardRow, *, latest_first: bool) -> tuple:
    """Measured-on date order; results with no date always last."""
    day = row.result.measured_on
    if day is None:
        return (1, 0)
    return (0, -day.toordinal() if latest_first else day.toordinal())


# ?sort= values of the leaderboard: a key and whether it is descending.
SORTS: dict[str, tuple[Callable[[LeaderboardRow], Any], bool]] = {
    "model": (lambda row: row.result.model.name.lower(), False),
    "-model": (lambda row: row.result.model.name.lower(), True),
    "date": (lambda row: _by_date(row, latest_first=False), False),
    "-date": (lambda row: _by_date(row, latest_first=True), False),
    "score": (lambda row: row.result.score, False),
    "-score": (lambda row: row.result.score, True),
}


def build_leaderboard(
    results: Iterable[BenchmarkResult],
    *,
    ranked_setting: str,
    higher_is_better: bool,
    sort: str = "",
) -> Leaderboard:
    """Rank each model's best result in ``ranked_setting``, best first (or by ``sort``, a
    key of SORTS; positions stay those of the score order)."""

    def strength(result: BenchmarkResult):
        return result.score if higher_is_better else -result.score

    best: dict[int, BenchmarkResult] = {}
    others: list[BenchmarkResult] = []
    for result in results:
        if result.setting != ranked_setting:
            others.append(result)
            continue
        current = best.get(result.model_id)
        if current is None or strength(result) > strength(current):
            if current is not None:
                others.append(current)
            best[result.model_id] = result
        else:
            others.append(result)

    ordered = sorted(best.values(), key=lambda r: (-strength(r), r.model.name.lower()))
    ranked: list[LeaderboardRow] = []
    for index, result in enumerate(ordered):
        tied = ranked and ranked[-1].result.score == result.score
        ranked.append(LeaderboardRow(ranked[-1].position if tied else index + 1, result))
    if sort in SORTS:
        key, descending = SORTS[sort]
        ranked.sort(key=key, reverse=descending)
    others.sort(
        key=lambda r: (r.get_setting_display(), r.setting_detail, -strength(r), r.model.name)
    )
    return Leaderboard(ranked=tuple(ranked), others=tuple(others))
