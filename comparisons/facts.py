"""The figures a comparison is built from, computed once: every section reads them here,
so the verdict, the scorecard, the tradeoffs, the FAQ and the deep dive never disagree.

Models are keyed by slug throughout; names are looked up only to be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.formatting import UNKNOWN_FIGURE, format_score, money_formatter
from catalog.models import ModelCapability
from comparisons.costs import RouteCost, Traffic, cheapest_route_cost
from comparisons.results import BenchmarkRow
from comparisons.snapshots import CapabilityRef, ModelSnapshot, ScoreSnapshot

YES, NO = ModelCapability.Support.YES, ModelCapability.Support.NO


@dataclass
class ModelFacts:
    model: ModelSnapshot
    cost: RouteCost  # the cheapest route at the traffic shown (catalog.routes)
    ranked_scores: dict[str, ScoreSnapshot]
    yes: tuple[str, ...]  # capability slugs marked yes, in capability order


def unique_leader(values: dict[str, object], *, higher: bool = True) -> str | None:
    """The one key whose value beats every other known value; None on ties or no rivals."""
    known = {key: value for key, value in values.items() if value is not None}
    if len(known) < 2:
        return None
    best = (max if higher else min)(known.values())
    leaders = [key for key, value in known.items() if value == best]
    return leaders[0] if len(leaders) == 1 else None


def score_cell(score: ScoreSnapshot) -> str:
    detail = f" ({score.setting_detail})" if score.setting_detail else ""
    return format_score(score.score) + detail


class ComparisonFacts:
    """Two to four models' costs at one traffic, like-for-like benchmark rows and
    capabilities, keyed by model slug."""

    def __init__(
        self,
        models: tuple[ModelSnapshot, ...],
        capabilities: tuple[CapabilityRef, ...],
        traffic: Traffic,
    ):
        self.models = models
        self.capabilities = capabilities
        self.traffic = traffic
        self.by_slug = {m.slug: m for m in models}
        self.of = {
            m.slug: ModelFacts(
                model=m,
                cost=cheapest_route_cost(m.billable_routes, traffic),
                ranked_scores=m.ranked_scores(),
                yes=tuple(c.slug for c in capabilities if m.support(c.slug) == YES),
            )
            for m in models
        }
        # One precision for every monthly amount on the page: cards, sentences, chart.
        self.money = money_formatter(f.cost.estimate.total_usd for f in self.of.values())
        self.cap_names = {c.slug: c.name for c in capabilities}
        self.benchmarks = self._benchmark_rows()
        self.shared_rows = [row for row in self.benchmarks if row.counted]

    def name(self, slug: str) -> str:
        return self.by_slug[slug].name

    def others(self, slug: str) -> list[ModelSnapshot]:
        return [m for m in self.models if m.slug != slug]

    def _benchmark_rows(self) -> list[BenchmarkRow]:
        """Rows compared like with like: benchmarks every model has a score for in the
        benchmark's declared setting, and independent indexes any model has (shown for
        every model, "unknown" where a value is missing, counted only when complete)."""
        firsts: dict[str, ScoreSnapshot] = {}
        for facts in self.of.values():
            for slug, score in facts.ranked_scores.items():
                firsts.setdefault(slug, score)
        rows = []
        for slug, first in sorted(
            firsts.items(), key=lambda item: (not item[1].is_index, item[1].like_name.lower())
        ):
            scores = {m.slug: self.of[m.slug].ranked_scores.get(slug) for m in self.models}
            present = {key: s for key, s in scores.items() if s is not None}
            complete = len(present) == len(self.models)
            if not (complete or first.is_index):
                continue
            leader = (
                unique_leader(
                    {k: s.score for k, s in present.items()}, higher=first.higher_is_better
                )
                if complete
                else None
            )
            gap = None
            if leader:
                others = [s.score for k, s in present.items() if k != leader]
                runner_up = max(others) if first.higher_is_better else min(others)
                gap = abs(present[leader].score - runner_up)
            rows.append(
                BenchmarkRow(
                    name=first.like_name,
                    slug=slug,
                    cells=tuple(score_cell(s) if s else UNKNOWN_FIGURE for s in scores.values()),
                    leader=self.by_slug[leader] if leader else None,
                    gap_points=gap,
                    sources=tuple(
                        (self.name(key), score.source_url, score.measured_on)
                        for key, score in present.items()
                        if score.source_url
                    ),
                    is_index=first.is_index,
                    scores=tuple(scores.values()),
                )
            )
        return rows

    def unique_capabilities(self, slug: str) -> list[str]:
        """Capabilities this model exposes and every other model is sourced *not* to have.

        A capability that is unknown for another model is no confirmed advantage: it is
        listed apart (``unconfirmed_elsewhere``) and does not count in the verdict.
        """
        others = self.others(slug)
        return [c for c in self.of[slug].yes if all(o.support(c) == NO for o in others)]

    def unconfirmed_elsewhere(self, slug: str) -> list[str]:
        """Capabilities this model exposes that no other has, but some other is unknown on."""
        others = self.others(slug)
        unique = set(self.unique_capabilities(slug))
        return [
            c
            for c in self.of[slug].yes
            if c not in unique and all(o.support(c) != YES for o in others)
        ]

    def capability_names(self, slugs) -> list[str]:
        return [self.cap_names[slug] for slug in slugs]

    def no_cost_reason(self, m: ModelSnapshot) -> str:
        if m.is_retired:
            return m.last_listed
        return self.of[m.slug].cost.estimate.reason
