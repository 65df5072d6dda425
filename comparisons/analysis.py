"""Build a comparison of two to four models from their snapshots: no HTTP, no queries.

Every figure is computed once, in ``_Facts``, and every section reads it from there, so the
scorecard, the tradeoffs, the FAQ and the deep dive can never disagree.

The verdict rule (shown on the page as "How the verdict is decided"): price and quality
weigh most. Each *signal* gives its points to the single model that leads on it —
  * 3 points: the lower monthly cost at the traffic shown; only models with a priced,
    billable route compete (a model without one cannot win on cost and is unavailable),
  * 3 points: quality, i.e. leading on more of the *shared rows*: benchmarks every model
    has a score for in the benchmark's declared setting (standard by default), and any
    independent index every model has. Scores in other settings (parallel test-time
    compute, custom scaffolds...) are shown labelled and never counted. No shared row
    means no quality signal, and the verdict says so,
  * 1 point each: the larger context window, capabilities only it exposes, a more open
    license (open source > open weights > proprietary), more tracked provider routes.
The model with the most points has the overall edge; the verdict names the figures behind
it. Equal points, or no points at all, mean the data cannot decide, and the verdict says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from catalog.formatting import (
    UNKNOWN,
    format_parameters,
    format_price,
    format_score,
    format_tokens,
    join_names,
    money_formatter,
)
from catalog.models import LanguageModel, License, ModelCapability
from catalog.routes import cheapest_route
from comparisons.costs import ZERO, CostEstimate, RouteCost, Traffic, cheapest_route_cost
from comparisons.snapshots import CapabilityRef, ModelSnapshot, RouteSnapshot, ScoreSnapshot

YES, NO = ModelCapability.Support.YES, ModelCapability.Support.NO
PRICE_POINTS = QUALITY_POINTS = 3
TIMES = "\u00d7"  # the multiplication sign, as in "7.4 times cheaper"
NO_PRICE = "no price listed"
VERDICT_RULE = (
    "Price and quality weigh most: 3 points to the lower monthly cost at the traffic shown "
    "(only models with a priced, billable route compete on cost) and 3 points to the model "
    "that leads on more shared rows, i.e. benchmarks every model has a score for in the same "
    "setting (standard unless the benchmark declares another) and any independent index. "
    "Scores in other settings are shown labelled and never counted; with no shared row, "
    "quality counts for no one. 1 point each for the larger context window, capabilities "
    "only it exposes, a more open license, and more provider routes. Most points wins; a "
    "tie means the data cannot decide."
)


# Results -----------------------------------------------------------------------------------
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
    tally: tuple[tuple[str, int], ...]
    rule: str = VERDICT_RULE


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CostCell:
    model_name: str
    total: str
    detail: str
    estimate: CostEstimate


@dataclass(frozen=True)
class Tradeoff:
    model_name: str
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Friction:
    from_name: str
    to_name: str
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class BenchmarkRow:
    """A benchmark compared like with like: every model's score in its declared setting."""

    name: str  # "SWE-bench Verified (standard)"
    slug: str
    cells: tuple[str, ...]
    leader_name: str | None
    gap_points: Decimal | None
    sources: tuple[tuple[str, str, dt.date | None], ...] = ()  # (model, url, measured on)
    is_index: bool = False
    scores: tuple[ScoreSnapshot | None, ...] = ()  # in model order; None: no score

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
    model_name: str
    items: tuple[SourcedFact, ...]


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str  # plain text: what the page's FAQPage JSON-LD carries
    rows: tuple[Row, ...] = ()  # the same answer as table rows, when it is one


@dataclass(frozen=True)
class ProviderTable:
    model_name: str
    routes: tuple[RouteSnapshot, ...]


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
    providers: tuple[ProviderTable, ...]
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
        """Switch friction as rows (from) by columns (to); None where a model meets itself."""
        bullets = {(block.from_name, block.to_name): block.bullets for block in self.friction}
        return tuple(
            (source, tuple(bullets.get((source, target)) for target in self.names))
            for source in self.names
        )


def _times(ratio: Decimal) -> str:
    return f"{ratio.quantize(Decimal('0.1'), ROUND_HALF_UP)}\N{MULTIPLICATION SIGN}"


def _cost_ratio_text(priced: list[CostCell], money: Callable[[Decimal | None], str]) -> str:
    """The cheapest of two or more priced models against the others (``money`` formats every
    amount at one precision)."""
    cheapest, rest = priced[0], priced[1:]
    low = cheapest.estimate.total_usd
    if all(c.estimate.total_usd == low for c in rest):
        return f"They cost the same: {money(low)} a month"
    if len(rest) == 1:
        high = rest[0].estimate.total_usd
        how = "costs nothing at this traffic" if low == 0 else f"is {cost_ratio(low, high)}"
        return f"{cheapest.model_name} {how}: {money(low)} vs {money(high)} a month"
    others = join_names(
        f"{c.model_name} {money(c.estimate.total_usd)}"
        + (f" ({_times(c.estimate.total_usd / low)})" if low else "")
        for c in rest
    )
    return f"{cheapest.model_name} is the cheapest at {money(low)} a month, vs {others}"


# Facts, computed once ---------------------------------------------------------------------
def _lowest(routes, price) -> tuple[Decimal | None, str]:
    """The lowest of one price (``price`` reads it off a route; a $0 on a paid route is not
    one) and its route's provider, ties broken as ``catalog.routes`` does."""
    best = cheapest_route(routes, price=lambda r: None if price(r) == ZERO else price(r))
    return (price(best), best.provider_name) if best else (None, "")


def _price(attribute: str):
    return lambda route: getattr(route, attribute)


def _batch_price(attribute: str):
    return lambda route: route.batch_price(getattr(route, attribute))


@dataclass
class _Facts:
    model: ModelSnapshot
    cost: RouteCost
    ranked_scores: dict[str, ScoreSnapshot]
    yes: tuple[str, ...]  # capability slugs marked yes, in capability order


def _unique_leader(values: dict[str, object], *, higher: bool = True) -> str | None:
    """The one key whose value beats every other known value; None on ties or no rivals."""
    known = {key: value for key, value in values.items() if value is not None}
    if len(known) < 2:
        return None
    best = (max if higher else min)(known.values())
    leaders = [key for key, value in known.items() if value == best]
    return leaders[0] if len(leaders) == 1 else None


def cost_ratio(mine: Decimal, theirs: Decimal) -> str:
    """“7.4\u00d7 cheaper”, “4% more expensive”: how cost ``mine`` compares with ``theirs``."""
    word = "cheaper" if mine < theirs else "more expensive"
    low = min(mine, theirs)
    if low == 0:
        return "free" if mine == 0 else word
    ratio = max(mine, theirs) / low
    if ratio >= Decimal("1.1"):
        return f"{format_score(ratio)}{TIMES} {word}"
    percent = (abs(mine - theirs) / theirs * 100).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{percent}% {word}" if percent else "about the same cost"


def _score_cell(score: ScoreSnapshot) -> str:
    detail = f" ({score.setting_detail})" if score.setting_detail else ""
    return format_score(score.score) + detail


def _unit(row: BenchmarkRow) -> str:
    score = next(s for s in row.scores if s)
    return "points" if score.unit in ("%", "points", "") else score.unit


def _standing(delta: Decimal, row: BenchmarkRow) -> str:
    """“0.6 points behind on SWE-bench Verified (standard)” (delta > 0 is better)."""
    if delta == 0:
        return f"level on {row.name}"
    side = "ahead" if delta > 0 else "behind"
    return f"{format_score(abs(delta))} {_unit(row)} {side} on {row.name}"


class _Builder:
    def __init__(self, models, capabilities, traffic, *, curated_intro="", curated_verdict=""):
        self.models = tuple(models)
        self.capabilities = tuple(capabilities)
        self.traffic = traffic
        self.curated_intro = curated_intro
        self.curated_verdict = curated_verdict
        self.by_slug = {m.slug: m for m in self.models}
        self.facts = {
            m.slug: _Facts(
                model=m,
                cost=cheapest_route_cost(m.billable_routes, traffic),
                ranked_scores=m.ranked_scores(),
                yes=tuple(c.slug for c in self.capabilities if m.support(c.slug) == YES),
            )
            for m in self.models
        }
        # One precision for every monthly amount on the page: cards, sentences, chart.
        self.money = money_formatter(f.cost.estimate.total_usd for f in self.facts.values())
        self.cap_names = {c.slug: c.name for c in self.capabilities}
        self.shared_benchmarks = self._shared_benchmarks()
        self.shared_rows = [row for row in self.shared_benchmarks if row.counted]
        self.signals = self._signals()

    # Benchmarks ----------------------------------------------------------------------
    def _shared_benchmarks(self) -> list[BenchmarkRow]:
        """Rows compared like with like: benchmarks every model has a score for in the
        benchmark's declared setting, and independent indexes any model has (shown for
        every model, "unknown" where a value is missing, counted only when complete)."""
        names: dict[str, ScoreSnapshot] = {}
        for facts in self.facts.values():
            for slug, score in facts.ranked_scores.items():
                names.setdefault(slug, score)
        rows = []
        for slug, first in sorted(
            names.items(), key=lambda item: (not item[1].is_index, item[1].like_name.lower())
        ):
            scores = {m.slug: self.facts[m.slug].ranked_scores.get(slug) for m in self.models}
            present = {key: s for key, s in scores.items() if s is not None}
            complete = len(present) == len(self.models)
            if not (complete or first.is_index):
                continue
            leader = (
                _unique_leader(
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
                    cells=tuple(_score_cell(s) if s else UNKNOWN for s in scores.values()),
                    leader_name=self.by_slug[leader].name if leader else None,
                    gap_points=gap,
                    sources=tuple(
                        (self.by_slug[key].name, score.source_url, score.measured_on)
                        for key, score in present.items()
                        if score.source_url
                    ),
                    is_index=first.is_index,
                    scores=tuple(scores.values()),
                )
            )
        return rows

    def _other_settings(self) -> tuple[OtherSettingRow, ...]:
        """Every score in a setting its benchmark does not rank on, labelled, per model."""
        groups: dict[tuple[str, str], dict[str, ScoreSnapshot]] = {}
        for m in self.models:
            for score in m.other_setting_scores():
                key = (score.benchmark_name, score.setting_label)
                current = groups.setdefault(key, {}).get(m.slug)
                if current is None or score.beats(current):
                    groups[key][m.slug] = score
        return tuple(
            OtherSettingRow(
                name=name,
                slug=next(iter(by_model.values())).benchmark_slug,
                setting_label=label,
                cells=tuple(
                    format_score(by_model[m.slug].score) if m.slug in by_model else "—"
                    for m in self.models
                ),
            )
            for (name, label), by_model in sorted(groups.items(), key=lambda i: i[0][0].lower())
        )

    # Signals -------------------------------------------------------------------------
    def _signals(self) -> list[Signal]:
        signals: list[Signal] = []
        names = {m.slug: m.name for m in self.models}

        def others_text(slug: str, formatter, values: dict) -> str:
            return join_names(formatter(values[k]) for k in values if k != slug)

        leads: dict[str, list[BenchmarkRow]] = {m.slug: [] for m in self.models}
        for row in self.shared_rows:
            if row.leader_name:
                slug = next(m.slug for m in self.models if m.name == row.leader_name)
                leads[slug].append(row)
                signals.append(
                    Signal(
                        slug,
                        "benchmark",
                        f"{row.leader_name} holds a shared-benchmark lead on {row.name}, "
                        f"ahead by {format_score(row.gap_points)} {_unit(row)}.",
                        f"{row.name} performance matters",
                        points=0,
                    )
                )
        if leader := _unique_leader({slug: len(rows) for slug, rows in leads.items()}):
            n = len(self.shared_rows)
            signals.append(
                Signal(
                    leader,
                    "quality",
                    f"{names[leader]} leads on {len(leads[leader])} of {n} shared "
                    f"benchmark row{'s' if n != 1 else ''} compared like with like.",
                    "benchmark quality matters most",
                    points=QUALITY_POINTS,
                )
            )

        contexts = {m.slug: m.context_window_tokens for m in self.models}
        if leader := _unique_leader(contexts):
            signals.append(
                Signal(
                    leader,
                    "context",
                    f"{names[leader]} has the larger context window "
                    f"({format_tokens(contexts[leader])} vs "
                    f"{others_text(leader, format_tokens, contexts)}) for long prompts, "
                    "retrieval packs, or transcript analysis.",
                    "a larger context window matters",
                )
            )

        totals = {slug: f.cost.estimate.total_usd for slug, f in self.facts.items()}
        if leader := _unique_leader(totals, higher=False):
            signals.append(
                Signal(
                    leader,
                    "price",
                    f"{names[leader]} costs less at this traffic: "
                    f"{self.money(totals[leader])} a month vs "
                    f"{others_text(leader, self.money, totals)}.",
                    "cost matters most",
                    points=PRICE_POINTS,
                )
            )

        routes = {m.slug: m.route_count for m in self.models}
        if leader := _unique_leader(routes):
            signals.append(
                Signal(
                    leader,
                    "providers",
                    f"{names[leader]} has broader tracked provider coverage "
                    f"({routes[leader]} routes vs "
                    f"{others_text(leader, str, routes)}) for fallback and procurement "
                    "flexibility.",
                    "provider choice matters",
                )
            )

        for model in self.models:
            unique = self.unique_capabilities(model.slug)
            if unique:
                signals.append(
                    Signal(
                        model.slug,
                        "capabilities",
                        f"{model.name} uniquely exposes "
                        f"{join_names(self.cap_names[c] for c in unique)} in our capability "
                        "data.",
                        f"you need {join_names(self.cap_names[c] for c in unique)}",
                    )
                )

        openness = {m.slug: m.openness_rank for m in self.models}
        if leader := _unique_leader(openness):
            model = self.by_slug[leader]
            kind = (
                "is open source"
                if model.openness == License.Openness.OPEN_SOURCE
                else "ships open weights"
            )
            osi = " (OSI-approved)" if model.license_osi_approved else ""
            signals.append(
                Signal(
                    leader,
                    "openness",
                    f"{model.name} {kind} under {model.license_name}{osi}: you can self-host "
                    "it and are not tied to one API.",
                    "open weights or self-hosting matter",
                )
            )
        return signals

    def unique_capabilities(self, slug: str) -> list[str]:
        """Capabilities this model exposes and every other model is sourced *not* to have.

        A capability that is unknown for another model is no confirmed advantage: it is
        listed apart (``unconfirmed_elsewhere``) and does not count in the verdict.
        """
        others = [m for m in self.models if m.slug != slug]
        return [c for c in self.facts[slug].yes if all(o.support(c) == NO for o in others)]

    def unconfirmed_elsewhere(self, slug: str) -> list[str]:
        """Capabilities this model exposes that no other has, but some other is unknown on."""
        others = [m for m in self.models if m.slug != slug]
        unique = set(self.unique_capabilities(slug))
        return [
            c
            for c in self.facts[slug].yes
            if c not in unique and all(o.support(c) != YES for o in others)
        ]

    # Sections ------------------------------------------------------------------------
    def title(self) -> str:
        return " vs ".join(m.name for m in self.models)

    def intro(self) -> str:
        if self.curated_intro:
            return self.curated_intro
        models = self.models
        labs = list(dict.fromkeys(m.lab_name for m in models))

        def year(m: ModelSnapshot) -> str:
            return str(m.release_date.year) if m.release_date else "release date unknown"

        named = join_names(f"{m.name} ({year(m)})" for m in models)
        lab_text = f"from {join_names(labs)}"
        contexts = join_names(
            f"{m.name} {format_tokens(m.context_window_tokens)}"
            if m.context_window_tokens
            else f"{m.name} an unsourced"
            for m in models
        )
        lead = next((s for s in self.signals if s.kind == "benchmark"), None)
        benchmark = f" {lead.reason}" if lead else ""
        return (
            f"{named} are language models {lab_text}. Context windows: {contexts} "
            f"tokens.{benchmark} This comparison covers specs, pricing across "
            f"{sum(m.route_count for m in models)} tracked provider routes, capabilities, "
            f"{len(self.shared_rows)} shared benchmark"
            f"{'' if len(self.shared_rows) == 1 else 's'}, monthly cost at your traffic, "
            "and what it takes to switch."
        )

    def verdict(self) -> Verdict:
        tally = {m.slug: 0 for m in self.models}
        for signal in self.signals:
            tally[signal.model_slug] += signal.points
        names = {m.slug: m.name for m in self.models}
        counted = tuple((names[slug], points) for slug, points in tally.items())
        leader = _unique_leader(tally) if any(tally.values()) else None
        if self.curated_verdict:
            return Verdict(leader, self.curated_verdict, counted)
        evidence = self.evidence(leader or self.models[0].slug)
        if not any(tally.values()):
            return Verdict(
                None,
                f"The data cannot decide between {join_names(names.values())} yet: no "
                f"sourced signal separates them.{evidence}",
                counted,
            )

        def first_when(slug: str) -> str | None:
            return next((s.when for s in self.signals if s.model_slug == slug), None)

        if leader is None:
            best = max(tally.values())
            tied = [slug for slug, points in tally.items() if points == best]
            clauses = [f"{names[s]} when {first_when(s)}" for s in tied]
            return Verdict(
                None,
                f"The data cannot separate {join_names(names[s] for s in tied)}: "
                f"{best} point{'s' if best != 1 else ''} each.{evidence} "
                f"Choose {join_names(clauses)}.",
                counted,
            )
        total = sum(tally.values())
        text = f"{names[leader]} has the overall edge ({tally[leader]} of {total} points)."
        text += evidence
        choices = [
            f"{names[slug]} when {when}"
            for slug in tally
            if slug != leader and (when := first_when(slug))
        ]
        if choices:
            text += f" Choose {join_names(choices)}."
        else:
            others = join_names(names[s] for s in tally if s != leader)
            text += f" {others} leads on none of the signals we track."
        return Verdict(leader, text, counted)

    def evidence(self, subject: str) -> str:
        """The figures behind a verdict, from ``subject``'s side: price at the traffic shown,
        quality on the shared rows, and which models cannot be bought at a listed price."""
        name = self.by_slug[subject].name
        clauses = [c for c in (self._price_clause(subject), self._quality_clause(subject)) if c]
        text = f" {name}: {'; '.join(clauses)}." if clauses else ""
        if not self.shared_rows:
            text += (
                f" {join_names(m.name for m in self.models)} share no benchmark on a like "
                "setting, so quality is not counted."
            )
        for m in self.models:
            if not self.facts[m.slug].cost.estimate.available:
                text += f" {m.name} is unavailable at a listed price: {self._no_cost_reason(m)}."
        return text

    def _price_clause(self, subject: str) -> str:
        totals = {
            slug: f.cost.estimate.total_usd
            for slug, f in self.facts.items()
            if f.cost.estimate.available
        }
        if subject not in totals or len(totals) < 2:
            return ""
        rival = min((slug for slug in totals if slug != subject), key=lambda slug: totals[slug])
        mine, theirs = totals[subject], totals[rival]
        figures = f"{self.money(mine)} vs {self.money(theirs)} a month"
        if len(self.models) > 2:
            figures += f" for {self.by_slug[rival].name}"
        if mine == theirs:
            return f"the same cost at your traffic ({figures})"
        return f"{cost_ratio(mine, theirs)} at your traffic ({figures})"

    def _quality_clause(self, subject: str) -> str:
        if not self.shared_rows:
            return ""
        index = [m.slug for m in self.models].index(subject)
        deltas = []
        for row in self.shared_rows:
            mine = row.scores[index]
            best_other = max(
                (s for i, s in enumerate(row.scores) if i != index),
                key=lambda s: s.score if s.higher_is_better else -s.score,
            )
            delta = mine.score - best_other.score
            deltas.append((delta if mine.higher_is_better else -delta, row))
        if len(deltas) == 1:
            return _standing(*deltas[0])
        ahead = sum(1 for delta, _ in deltas if delta > 0)
        behind = sum(1 for delta, _ in deltas if delta < 0)
        # Name the widest gap in the direction that prevails: the lead that makes the case.
        sign = 1 if ahead >= behind else -1
        widest = max(deltas, key=lambda item: sign * item[0])
        return f"ahead on {ahead} of {len(deltas)} shared benchmark rows ({_standing(*widest)})"

    def _no_cost_reason(self, m: ModelSnapshot) -> str:
        if m.is_retired:
            return m.last_listed
        return self.facts[m.slug].cost.estimate.reason

    def scorecard(self) -> tuple[Row, ...]:
        def cheapest(attribute: str):
            cells = []
            for m in self.models:
                price, provider = _lowest(m.billable_routes, _price(attribute))
                cells.append(
                    f"{format_price(price)}/1M tokens ({provider})"
                    if price is not None
                    else NO_PRICE
                )
            return tuple(cells)

        def benchmark_cell(m: ModelSnapshot) -> str:
            if not self.shared_rows:
                return "0 shared rows"
            leads = [r.name for r in self.shared_rows if r.leader_name == m.name]
            n = len(self.shared_rows)
            lead_text = f"; leads {join_names(leads)}" if leads else "; leads none"
            return f"{n} shared row{'s' if n != 1 else ''}{lead_text}"

        return (
            Row("Best for", tuple(m.best_for or UNKNOWN for m in self.models)),
            Row(
                "Decision fit",
                tuple(join_names(m.use_cases) or UNKNOWN for m in self.models),
            ),
            Row(
                "Context window",
                tuple(format_tokens(m.context_window_tokens) for m in self.models),
            ),
            Row("Cheapest input", cheapest("input_usd_per_mtok")),
            Row("Cheapest output", cheapest("output_usd_per_mtok")),
            Row(
                "Provider routes",
                tuple(
                    f"{m.route_count} tracked at {len(m.provider_names)} provider"
                    f"{'' if len(m.provider_names) == 1 else 's'}"
                    if m.routes
                    else "0 tracked"
                    for m in self.models
                ),
            ),
            Row("Shared benchmarks", tuple(benchmark_cell(m) for m in self.models)),
        )

    def tradeoffs(self) -> tuple[Tradeoff, ...]:
        result = []
        for m in self.models:
            bullets = [s.reason for s in self.signals if s.model_slug == m.slug]
            unconfirmed = self.unconfirmed_elsewhere(m.slug)
            if unconfirmed:
                bullets.append(
                    f"{m.name} exposes {join_names(self.cap_names[c] for c in unconfirmed)}, "
                    "which our data has not confirmed for "
                    f"{join_names(o.name for o in self.models if o is not m)}."
                )
            if m.use_cases:
                bullets.append(f"Our decision data tags {m.name} for {join_names(m.use_cases)}.")
            if not bullets:
                bullets.append(f"No sourced row of data favours {m.name} in this comparison.")
            result.append(Tradeoff(m.name, tuple(bullets)))
        return tuple(result)

    def costs(self) -> tuple[tuple[CostCell, ...], str]:
        cells = []
        for m in self.models:
            cost = self.facts[m.slug].cost
            if cost.estimate.available:
                detail = f"Cheapest tracked route: {cost.route.provider_name}"
                saving = cost.estimate.saving_usd
                if saving:
                    detail += f" (saves {self.money(saving)} through caching and batching)"
                cells.append(
                    CostCell(m.name, self.money(cost.estimate.total_usd), detail, cost.estimate)
                )
            else:
                total, reason = "Unavailable", cost.estimate.reason
                if m.is_retired:
                    total, reason = "Retired", f"{m.last_listed}: no provider serves it any more"
                cells.append(CostCell(m.name, total, reason[0].upper() + reason[1:], cost.estimate))
        # The cards read cheapest first; a model without a complete price comes last.
        cells.sort(key=lambda c: (not c.estimate.available, c.estimate.total_usd or 0))
        available = [c for c in cells if c.estimate.available]
        if len(available) < len(cells):
            delta = (
                "Cost delta unavailable until every model here has sourced input and output "
                "token prices."
            )
        else:
            ordered = sorted(available, key=lambda c: c.estimate.total_usd)
            cheapest, rest = ordered[0], ordered[1:]
            parts = [
                f"{c.model_name} costs "
                f"{self.money(c.estimate.total_usd - cheapest.estimate.total_usd)} more a month"
                for c in rest
                if c.estimate.total_usd != cheapest.estimate.total_usd
            ]
            delta = (
                f"{cheapest.model_name} is the cheapest at this traffic; {join_names(parts)}."
                if parts
                else "They cost the same at this traffic."
            )
        return tuple(cells), delta

    def headline(self, costs: tuple[CostCell, ...]) -> str:
        """One line with the figures that decide: "A is 7.4 times cheaper: $616 vs $4,566 a month;
        no shared benchmark". Costs come from ``costs``; leads from the shared benchmarks."""
        priced = sorted(
            (c for c in costs if c.estimate.available), key=lambda c: c.estimate.total_usd
        )
        unpriced = [c.model_name for c in costs if not c.estimate.available]
        if not priced:
            either = join_names(unpriced).replace(" and ", " or ")
            cost = f"No complete price is listed for {either}"
        elif len(priced) == 1:
            cost = (
                f"Only {priced[0].model_name} has a complete price: "
                f"{self.money(priced[0].estimate.total_usd)} a month"
            )
        else:
            cost = _cost_ratio_text(priced, self.money)
        if unpriced and priced and len(priced) > 1:
            cost += f"; no price listed for {join_names(unpriced)}"
        elif unpriced and len(priced) == 1:
            cost += f" ({join_names(unpriced)}: no price listed)"
        return f"{cost}; {self._benchmark_leads_text()}."

    def _benchmark_leads_text(self) -> str:
        rows = self.shared_rows
        if not rows:
            return "no benchmark shared on a like setting"
        total = f"{len(rows)} shared benchmark{'s' if len(rows) != 1 else ''}"
        leads: dict[str, int] = {}
        for row in rows:
            if row.leader_name:
                leads[row.leader_name] = leads.get(row.leader_name, 0) + 1
        if not leads:
            return f"they tie on {'the' if len(rows) == 1 else 'all'} {total}"
        best = max(leads.values())
        leaders = [name for name, count in leads.items() if count == best]
        if len(leaders) > 1:
            return f"{join_names(leaders)} each lead {best} of {total}"
        return f"{leaders[0]} leads {best} of {total}"

    def friction(self) -> tuple[Friction, ...]:
        blocks = []
        for source in self.models:
            for target in self.models:
                if source is target:
                    continue
                blocks.append(Friction(source.name, target.name, self._moving(source, target)))
        return tuple(blocks)

    def _moving(self, source: ModelSnapshot, target: ModelSnapshot) -> tuple[str, ...]:
        bullets = []
        shared = sorted(set(source.provider_names) & set(target.provider_names))
        if shared:
            bullets.append(
                f"Both run on {join_names(shared)}: there, switching is a model-id change on "
                "the same SDK, billing and endpoint."
            )
        else:
            bullets.append(
                f"No overlapping tracked provider route is sourced for {source.name} and "
                f"{target.name}; plan for SDK, billing, or endpoint changes."
            )
        lost_no = [c for c in self.facts[source.slug].yes if target.support(c) == NO]
        lost_unknown = [
            c
            for c in self.facts[source.slug].yes
            if target.support(c) == ModelCapability.Support.UNKNOWN
        ]
        if lost_no:
            bullets.append(
                f"Check replacement coverage for {join_names(self.cap_names[c] for c in lost_no)} "
                "before moving production traffic."
            )
        if lost_unknown:
            bullets.append(
                f"{join_names(self.cap_names[c] for c in lost_unknown)}: unknown for "
                f"{target.name} in our data; verify before moving production traffic."
            )
        gained = [c for c in self.facts[target.slug].yes if source.support(c) != YES]
        if gained:
            bullets.append(
                f"{target.name} adds {join_names(self.cap_names[c] for c in gained)} in our "
                "capability data."
            )
        if (
            source.context_window_tokens
            and target.context_window_tokens
            and target.context_window_tokens < source.context_window_tokens
        ):
            bullets.append(
                f"{target.name}'s context window is smaller "
                f"({format_tokens(target.context_window_tokens)} vs "
                f"{format_tokens(source.context_window_tokens)}): longer prompts must be "
                "trimmed or split."
            )
        bullets.extend(self._lifecycle(target, moving_to=True))
        bullets.extend(self._lifecycle(source, moving_to=False))
        return tuple(bullets)

    @staticmethod
    def _lifecycle(model: ModelSnapshot, *, moving_to: bool) -> list[str]:
        """Retired, deprecated, or a retirement announced for a future date."""
        when = model.retires_on.isoformat() if model.retires_on else ""
        if model.is_retired:
            state = f"{model.name} is retired" + (f" since {when}" if when else "")
        elif model.lifecycle == LanguageModel.Lifecycle.DEPRECATED:
            state = f"{model.name} is deprecated" + (f", retiring on {when}" if when else "")
        elif when:
            state = f"{model.name}'s retirement is announced for {when}"
        else:
            return []
        if model.successor_name:
            state += f"; its named successor is {model.successor_name}"
        if moving_to:
            return [f"{state}: think twice before moving to it."]
        return [f"{state}: moving off it is due."]

    def specs(self) -> tuple[Row, ...]:
        def date(value):
            return value.isoformat() if value else UNKNOWN

        def license_cell(m: ModelSnapshot) -> str:
            if not m.license_name:
                return UNKNOWN
            return m.license_name + (" (OSI-approved)" if m.license_osi_approved else "")

        openness_labels = dict(License.Openness.choices)
        return (
            Row("Released", tuple(date(m.release_date) for m in self.models)),
            Row(
                "Context window", tuple(format_tokens(m.context_window_tokens) for m in self.models)
            ),
            Row("Max output", tuple(format_tokens(m.max_output_tokens) for m in self.models)),
            Row(
                "Parameters",
                tuple(
                    format_parameters(m.total_parameters_b, m.active_parameters_b)
                    for m in self.models
                ),
            ),
            Row("Architecture", tuple(m.architecture or UNKNOWN for m in self.models)),
            Row("License", tuple(license_cell(m) for m in self.models)),
            Row(
                "Openness",
                tuple(openness_labels.get(m.openness, UNKNOWN) for m in self.models),
            ),
            Row("Commercial use", tuple(m.commercial_use or UNKNOWN for m in self.models)),
            Row("Knowledge cutoff", tuple(m.knowledge_cutoff or UNKNOWN for m in self.models)),
        )

    def pricing(self) -> tuple[Row, ...]:
        def row(label: str, attribute: str) -> Row:
            cells = []
            for m in self.models:
                price, provider = _lowest(m.billable_routes, _price(attribute))
                cells.append(
                    f"{format_price(price)}/1M ({provider})" if price is not None else NO_PRICE
                )
            return Row(label, tuple(cells))

        def batch_row(label: str, attribute: str) -> Row:
            cells = []
            for m in self.models:
                price, provider = _lowest(m.billable_routes, _batch_price(attribute))
                cells.append(
                    f"{format_price(price)}/1M ({provider})" if price is not None else NO_PRICE
                )
            return Row(label, tuple(cells))

        return (
            row("Input price", "input_usd_per_mtok"),
            row("Output price", "output_usd_per_mtok"),
            row("Cached input", "cached_input_usd_per_mtok"),
            batch_row("Batch input", "input_usd_per_mtok"),
            batch_row("Batch output", "output_usd_per_mtok"),
            Row(
                "Providers",
                tuple(join_names(m.provider_names) or "none tracked yet" for m in self.models),
            ),
        )

    def capability_rows(self) -> tuple[Row, ...]:
        labels = dict(ModelCapability.Support.choices)
        return tuple(
            Row(c.name, tuple(labels[m.support(c.slug)] for m in self.models))
            for c in self.capabilities
        )

    def only_one(self) -> tuple[OnlyOne, ...]:
        """Scores in the ranked setting that not every model has: shown, not compared."""
        shared = {row.slug for row in self.shared_benchmarks}
        result = []
        for m in self.models:
            scores = tuple(
                SourcedFact(
                    f"{s.like_name}: {format_score(s.score)}",
                    s.source_url,
                    s.measured_on,
                    "measured",
                )
                for slug, s in sorted(self.facts[m.slug].ranked_scores.items())
                if slug not in shared
            )
            if scores:
                result.append(OnlyOne(m.name, scores))
        return tuple(result)

    def only_capabilities(self) -> tuple[OnlyOne, ...]:
        """Capabilities one model is sourced to have and every other to lack, sourced."""
        result = []
        for m in self.models:
            items = []
            for slug in self.unique_capabilities(m.slug):
                source = m.capability_source(slug)
                items.append(SourcedFact(self.cap_names[slug], source.url, source.checked_on))
            if items:
                result.append(OnlyOne(m.name, tuple(items)))
        return tuple(result)

    def deep_dive(self) -> tuple[str, ...]:
        paragraphs = []
        names = join_names(m.name for m in self.models)
        led = [r for r in self.shared_rows if r.leader_name]
        if led:
            parts = [
                f"{r.name} has "
                + join_names(f"{m.name} at {c}" for m, c in zip(self.models, r.cells, strict=True))
                + f", with {r.leader_name} ahead by {format_score(r.gap_points)} points"
                for r in led
            ]
            widest = max(led, key=lambda r: r.gap_points)
            paragraphs.append(
                f"On shared benchmark coverage, {'; '.join(parts)}. The largest visible gap is "
                f"{format_score(widest.gap_points)} points on {widest.name}, which matters most "
                "when that benchmark mirrors your workload. Treat isolated benchmark wins as "
                "directional: provider routing, prompt style and tool access move real results."
            )
        elif self.shared_rows:
            paragraphs.append(
                f"{names} tie on every shared benchmark row we have sourced, so the choice "
                "rests on specs, capabilities, price and availability."
            )
        else:
            paragraphs.append(
                f"No benchmark is shared on a like setting for {names}, so the choice "
                "rests on specs, capabilities, price and availability."
            )

        differing = [
            c
            for c in self.capabilities
            if len({m.support(c.slug) for m in self.models}) > 1
            and any(m.support(c.slug) == YES for m in self.models)
        ]
        shared_caps = [
            c.name for c in self.capabilities if all(m.support(c.slug) == YES for m in self.models)
        ]
        if differing:
            parts = [
                f"{c.name}: " + join_names(m.name for m in self.models if m.support(c.slug) == YES)
                for c in differing
            ]
            shared_text = (
                f" All of them expose {join_names(shared_caps)}."
                if shared_caps
                else " They share no capability marked yes in our data."
            )
            paragraphs.append(
                f"The capability footprint differs on {join_names(parts)}.{shared_text} "
                "Capabilities marked unknown are not sourced yet, which is not the same as "
                "missing."
            )
        else:
            paragraphs.append(
                f"{names} show the same capability footprint in our data"
                + (f" ({join_names(shared_caps)})." if shared_caps else ".")
            )

        pricing_parts = []
        for m in self.models:
            route = cheapest_route(m.billable_routes)
            pricing_parts.append(
                f"{m.name} has {format_price(route.input_usd_per_mtok)}/1M input tokens at its "
                f"cheapest route ({route.provider_name})"
                if route
                else f"{m.name} has no complete token price sourced yet"
            )
        routes = " versus ".join(str(m.route_count) for m in self.models)
        paragraphs.append(
            f"Pricing coverage: {join_names(pricing_parts)}. Provider availability is {routes} "
            "tracked routes. Treat unknown pricing as an integration gap, and verify the route "
            "you will actually call before estimating production spend."
        )

        choose = []
        for m in self.models:
            whens = [s.when for s in self.signals if s.model_slug == m.slug]
            if whens:
                choose.append(f"Choose {m.name} when {join_names(whens)}.")
        if choose:
            paragraphs.append(
                " ".join(choose)
                + " Before production, rerun your own prompts through the exact provider, "
                "region and tool stack you plan to ship."
            )
        return tuple(paragraphs)

    def faq(self) -> tuple[FaqItem, ...]:
        models = self.models
        either = join_names(m.name for m in models).replace(" and ", " or ")
        items = []

        known = [m for m in models if m.context_window_tokens]
        ordered = sorted(known, key=lambda m: -m.context_window_tokens)
        if len(known) == len(models) and len({m.context_window_tokens for m in models}) == 1:
            answer = (
                f"They have the same context window: "
                f"{format_tokens(models[0].context_window_tokens)} tokens."
            )
        else:
            parts = [
                f"{m.name} supports {format_tokens(m.context_window_tokens)} tokens"
                for m in ordered
            ]
            parts += [
                f"{m.name}'s context window is not sourced yet" for m in models if m not in known
            ]
            answer = (
                f"{join_names(parts)}. That gap matters most for long documents, large "
                "codebases, retrieval-heavy agents, and long conversations."
            )
        items.append(FaqItem(f"Which has a larger context window, {either}?", answer))

        license_parts = []
        for m in models:
            if not m.license_name:
                license_parts.append(f"{m.name}'s license is not sourced yet.")
            else:
                openness = dict(License.Openness.choices)[m.openness]
                kind = "" if openness.lower() == m.license_name.lower() else f" ({openness})"
                license_parts.append(f"{m.name} is listed under {m.license_name}{kind}.")
        items.append(
            FaqItem(
                f"Is {either} open source?",
                " ".join(license_parts)
                + " The license decides whether you can self-host, redistribute weights, or "
                "only call hosted APIs; confirm the upstream license before deployment.",
            )
        )

        if capability_item := self._capability_faq(either):
            items.append(capability_item)

        where = []
        for m in models:
            where.append(
                f"{m.name} is available on {join_names(m.provider_names)}."
                if m.routes
                else f"{m.name} has no tracked provider route yet."
            )
        items.append(
            FaqItem(
                f"Where can I run {join_names(m.name for m in models)}?",
                " ".join(where)
                + " Provider coverage affects latency, region availability, compliance "
                "posture, and fallback options.",
            )
        )
        return tuple(items)

    def _capability_faq(self, either: str) -> FaqItem | None:
        """One answer for every "Which is better for X?": who exposes each capability."""
        labels = {NO: "no", ModelCapability.Support.UNKNOWN: "unknown"}
        rows, sentences = [], []
        for capability in self.capabilities:
            having = [m for m in self.models if m.support(capability.slug) == YES]
            if not having:
                continue
            others = [
                f"{m.name}: {labels[m.support(capability.slug)]}"
                for m in self.models
                if m not in having
            ]
            exposed = (
                ("Both" if len(self.models) == 2 else "All")
                if len(having) == len(self.models)
                else join_names(m.name for m in having)
            )
            rows.append(Row(capability.name, (exposed, "; ".join(others) or "none")))
            sentences.append(
                f"{capability.name}: {exposed}" + (f" ({'; '.join(others)})" if others else "")
            )
        if not rows:
            return None
        return FaqItem(
            f"Which is better for each capability, {either}?",
            ". ".join(sentences)
            + ". Unknown means not sourced yet; if a capability is mission-critical, validate "
            "it against the provider endpoint you will call.",
            tuple(rows),
        )

    def build(self) -> Comparison:
        costs, delta = self.costs()
        reviewed = [m.last_reviewed_on for m in self.models if m.last_reviewed_on]
        verdict = self.verdict()
        comparison = Comparison(
            models=self.models,
            title=self.title(),
            intro=self.intro(),
            verdict=verdict,
            scorecard=self.scorecard(),
            tradeoffs=self.tradeoffs(),
            traffic=self.traffic,
            costs=costs,
            cost_delta=delta,
            headline=self.headline(costs),
            friction=self.friction(),
            specs=self.specs(),
            pricing=self.pricing(),
            providers=tuple(ProviderTable(m.name, m.routes) for m in self.models),
            capabilities=self.capability_rows(),
            benchmarks=tuple(self.shared_benchmarks),
            only_one=self.only_one(),
            only_capabilities=self.only_capabilities(),
            other_settings=self._other_settings(),
            deep_dive=self.deep_dive(),
            faq=self.faq(),
            last_reviewed_on=min(reviewed) if len(reviewed) == len(self.models) else None,
            signals=tuple(self.signals),
        )
        comparison.description = (
            f"{comparison.title}: specs, prices at "
            f"{sum(m.route_count for m in self.models)} provider routes, capabilities, "
            f"benchmarks and monthly cost. {verdict.text}"
        )[:300]
        return comparison


def build_comparison(
    models: list[ModelSnapshot] | tuple[ModelSnapshot, ...],
    *,
    capabilities: list[CapabilityRef] | tuple[CapabilityRef, ...],
    traffic: Traffic,
    curated_intro: str = "",
    curated_verdict: str = "",
) -> Comparison:
    """Every section of a comparison page for two to four model snapshots."""
    if not 2 <= len(models) <= 4:
        raise ValueError("A comparison needs two to four models.")
    return _Builder(
        models,
        capabilities,
        traffic,
        curated_intro=curated_intro,
        curated_verdict=curated_verdict,
    ).build()
