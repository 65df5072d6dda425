"""What a comparison page shows: small typed rows, already shaped for the template.

A row about one model carries that model's ``ModelSnapshot`` (``model``, ``leader``,
``from_model``/``to_model``): its slug identifies it, its name is for the page only. Rows that
only need to say which model (``Signal``, ``Verdict``) carry the slug.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.faq import FaqItem
from comparisons.costs import CostEstimate, Traffic
from comparisons.snapshots import ModelSnapshot, ScoreSnapshot


@dataclass(frozen=True)
class Signal:
    """One row of data on which one model leads; it backs a tradeoff and counts once."""

    model_slug: str
    kind: str  # quality, benchmark, context, price, providers, capabilities, openness
    reason: str  # "Choose X when..." bullet
    when: str  # short clause for the verdict: "a larger context window matters"
    points: int = 1  # a single benchmark's lead explains; it counts through "quality" (0)


@dataclass(frozen=True)
class Verdict:
    leader_slug: str | None
    text: str
    tally: tuple[tuple[str, int], ...]  # (display name, points), in model order
    rule: str = ""


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CostCell:
    model: ModelSnapshot
    total: str
    detail: str
    estimate: CostEstimate


@dataclass(frozen=True)
class Tradeoff:
    model: ModelSnapshot
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Friction:
    from_model: ModelSnapshot
    to_model: ModelSnapshot
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class BenchmarkRow:
    """A benchmark compared like with like: every model's score in its declared setting."""

    name: str  # "SWE-bench Verified (standard)"
    slug: str
    cells: tuple[str, ...]
    leader: ModelSnapshot | None  # the one model ahead; None for a tie or a missing score
    gap_points: Decimal | None
    sources: tuple[tuple[str, str, dt.date | None], ...] = ()  # (model name, url, measured on)
    is_index: bool = False
    scores: tuple[ScoreSnapshot | None, ...] = ()  # in model order; None: no score

    @property
    def leader_slug(self) -> str | None:
        return self.leader.slug if self.leader else None

    @property
    def counted(self) -> bool:
        """A shared row: every model has a score, so it can count as a quality signal."""
        return all(self.scores)


@dataclass(frozen=True)
class OtherSettingRow:
    """Scores in a setting the benchmark does not rank on: shown labelled, never compared."""

    name: str  # "SWE-bench Verified"
    slug: str
    setting_label: str  # "Parallel test-time compute"
    cells: tuple[str, ...]


@dataclass(frozen=True)
class SourcedFact:
    """One line item with where it comes from and the date of that document."""

    text: str
    source_url: str = ""
    on: dt.date | None = None
    verb: str = "checked"  # "measured" for a benchmark score


@dataclass(frozen=True)
class OnlyOne:
    model: ModelSnapshot
    items: tuple[SourcedFact, ...]


@dataclass
class Comparison:
    models: tuple[ModelSnapshot, ...]
    title: str
    intro: str
    verdict: Verdict
    scorecard: tuple[Row, ...]
    tradeoffs: tuple[Tradeoff, ...]
    traffic: Traffic
    costs: tuple[CostCell, ...]
    cost_delta: str
    headline: str  # the figures that decide: cost ratio and shared-benchmark leads
    friction: tuple[Friction, ...]
    specs: tuple[Row, ...]
    pricing: tuple[Row, ...]
    capabilities: tuple[Row, ...]
    benchmarks: tuple[BenchmarkRow, ...]
    only_one: tuple[OnlyOne, ...]  # benchmark scores only one model has
    only_capabilities: tuple[OnlyOne, ...]  # capabilities only one model is sourced to have
    other_settings: tuple[OtherSettingRow, ...]
    deep_dive: tuple[str, ...]
    faq: tuple[FaqItem, ...]
    last_reviewed_on: dt.date | None
    description: str = ""
    signals: tuple[Signal, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.models)

    @property
    def shared_rows(self) -> tuple[BenchmarkRow, ...]:
        """The benchmark rows every model has a like-for-like score on (those that count)."""
        return tuple(row for row in self.benchmarks if row.counted)

    @property
    def friction_matrix(self) -> tuple[tuple[str, tuple[tuple[str, ...] | None, ...]], ...]:
        """Switch friction as rows (from) by columns (to), each row under its model's name;
        None where a model meets itself."""
        bullets = {
            (block.from_model.slug, block.to_model.slug): block.bullets for block in self.friction
        }
        return tuple(
            (source.name, tuple(bullets.get((source.slug, target.slug)) for target in self.models))
            for source in self.models
        )
