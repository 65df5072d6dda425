"""The verdict of a comparison: which model leads on which signal, and who has the edge.

The rule (shown on the page as "How the verdict is decided"): price and quality weigh
most. Each *signal* gives its points to the single model that leads on it —
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

Each signal carries the sentence that explains it (its reason, and the "when" clause the
verdict's "Choose X when..." reads), so the rule and what it says change together.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from catalog.formatting import format_score, format_tokens, join_names
from catalog.models import License
from comparisons.facts import ComparisonFacts, unique_leader
from comparisons.results import BenchmarkRow, Signal, Verdict

PRICE_POINTS = QUALITY_POINTS = 3
TIMES = "\u00d7"  # the multiplication sign, as in "7.4 times cheaper"
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


def score_unit(row: BenchmarkRow) -> str:
    score = next(s for s in row.scores if s)
    return "points" if score.unit in ("%", "points", "") else score.unit


def standing(delta: Decimal, row: BenchmarkRow) -> str:
    """“0.6 points behind on SWE-bench Verified (standard)” (delta > 0 is better)."""
    if delta == 0:
        return f"level on {row.name}"
    side = "ahead" if delta > 0 else "behind"
    return f"{format_score(abs(delta))} {score_unit(row)} {side} on {row.name}"


# Signals -----------------------------------------------------------------------------------
def signals(facts: ComparisonFacts) -> list[Signal]:
    """Every signal some model leads on, in a fixed order: benchmarks and quality, context,
    price, provider routes, capabilities, openness."""
    return [
        *_quality_signals(facts),
        *_context_signal(facts),
        *_price_signal(facts),
        *_provider_signal(facts),
        *_capability_signals(facts),
        *_openness_signal(facts),
    ]


def _others_text(slug: str, formatter, values: dict) -> str:
    return join_names(formatter(values[k]) for k in values if k != slug)


def _quality_signals(facts: ComparisonFacts) -> list[Signal]:
    result = []
    leads: dict[str, list[BenchmarkRow]] = {m.slug: [] for m in facts.models}
    for row in facts.shared_rows:
        if row.leader_slug:
            leads[row.leader_slug].append(row)
            result.append(
                Signal(
                    row.leader_slug,
                    "benchmark",
                    f"{row.leader.name} holds a shared-benchmark lead on {row.name}, "
                    f"ahead by {format_score(row.gap_points)} {score_unit(row)}.",
                    f"{row.name} performance matters",
                    points=0,
                )
            )
    if leader := unique_leader({slug: len(rows) for slug, rows in leads.items()}):
        n = len(facts.shared_rows)
        result.append(
            Signal(
                leader,
                "quality",
                f"{facts.name(leader)} leads on {len(leads[leader])} of {n} shared "
                f"benchmark row{'s' if n != 1 else ''} compared like with like.",
                "benchmark quality matters most",
                points=QUALITY_POINTS,
            )
        )
    return result


def _context_signal(facts: ComparisonFacts) -> list[Signal]:
    contexts = {m.slug: m.context_window_tokens for m in facts.models}
    if not (leader := unique_leader(contexts)):
        return []
    return [
        Signal(
            leader,
            "context",
            f"{facts.name(leader)} has the larger context window "
            f"({format_tokens(contexts[leader])} vs "
            f"{_others_text(leader, format_tokens, contexts)}) for long prompts, "
            "retrieval packs, or transcript analysis.",
            "a larger context window matters",
        )
    ]


def _price_signal(facts: ComparisonFacts) -> list[Signal]:
    totals = {slug: f.cost.estimate.total_usd for slug, f in facts.of.items()}
    if not (leader := unique_leader(totals, higher=False)):
        return []
    return [
        Signal(
            leader,
            "price",
            f"{facts.name(leader)} costs less at this traffic: "
            f"{facts.money(totals[leader])} a month vs "
            f"{_others_text(leader, facts.money, totals)}.",
            "cost matters most",
            points=PRICE_POINTS,
        )
    ]


def _provider_signal(facts: ComparisonFacts) -> list[Signal]:
    routes = {m.slug: m.route_count for m in facts.models}
    if not (leader := unique_leader(routes)):
        return []
    return [
        Signal(
            leader,
            "providers",
            f"{facts.name(leader)} has broader tracked provider coverage "
            f"({routes[leader]} routes vs "
            f"{_others_text(leader, str, routes)}) for fallback and procurement "
            "flexibility.",
            "provider choice matters",
        )
    ]


def _capability_signals(facts: ComparisonFacts) -> list[Signal]:
    result = []
    for model in facts.models:
        if unique := facts.capability_names(facts.unique_capabilities(model.slug)):
            result.append(
                Signal(
                    model.slug,
                    "capabilities",
                    f"{model.name} uniquely exposes {join_names(unique)} in our capability data.",
                    f"you need {join_names(unique)}",
                )
            )
    return result


def _openness_signal(facts: ComparisonFacts) -> list[Signal]:
    if not (leader := unique_leader({m.slug: m.openness_rank for m in facts.models})):
        return []
    model = facts.by_slug[leader]
    kind = (
        "is open source" if model.openness == License.Openness.OPEN_SOURCE else "ships open weights"
    )
    osi = " (OSI-approved)" if model.license_osi_approved else ""
    return [
        Signal(
            leader,
            "openness",
            f"{model.name} {kind} under {model.license_name}{osi}: you can self-host "
            "it and are not tied to one API.",
            "open weights or self-hosting matter",
        )
    ]


# The verdict -------------------------------------------------------------------------------
def verdict(facts: ComparisonFacts, led: list[Signal], *, curated: str = "") -> Verdict:
    """The model with the most points from ``led``, and the figures behind it; an editor's
    ``curated`` text replaces the sentence, never the tally."""
    tally = {m.slug: 0 for m in facts.models}
    for signal in led:
        tally[signal.model_slug] += signal.points
    counted = tuple((facts.name(slug), points) for slug, points in tally.items())
    leader = unique_leader(tally) if any(tally.values()) else None
    if curated:
        return Verdict(leader, curated, counted, VERDICT_RULE)
    return Verdict(leader, _verdict_text(facts, led, tally, leader), counted, VERDICT_RULE)


def _verdict_text(facts: ComparisonFacts, led: list[Signal], tally: dict, leader) -> str:
    name = facts.name
    evidence = _evidence(facts, leader or facts.models[0].slug)
    if not any(tally.values()):
        return (
            f"The data cannot decide between {join_names(name(s) for s in tally)} yet: no "
            f"sourced signal separates them.{evidence}"
        )

    def first_when(slug: str) -> str | None:
        return next((s.when for s in led if s.model_slug == slug), None)

    if leader is None:
        best = max(tally.values())
        tied = [slug for slug, points in tally.items() if points == best]
        clauses = [f"{name(s)} when {first_when(s)}" for s in tied]
        return (
            f"The data cannot separate {join_names(name(s) for s in tied)}: "
            f"{best} point{'s' if best != 1 else ''} each.{evidence} "
            f"Choose {join_names(clauses)}."
        )
    total = sum(tally.values())
    text = f"{name(leader)} has the overall edge ({tally[leader]} of {total} points)."
    text += evidence
    choices = [
        f"{name(slug)} when {when}"
        for slug in tally
        if slug != leader and (when := first_when(slug))
    ]
    if choices:
        return text + f" Choose {join_names(choices)}."
    others = [name(s) for s in tally if s != leader]
    leads = "leads" if len(others) == 1 else "lead"
    return text + f" {join_names(others)} {leads} on none of the signals we track."


def _evidence(facts: ComparisonFacts, subject: str) -> str:
    """The figures behind a verdict, from ``subject``'s side: price at the traffic shown,
    quality on the shared rows, and which models cannot be bought at a listed price."""
    clauses = [c for c in (_price_clause(facts, subject), _quality_clause(facts, subject)) if c]
    text = f" {facts.name(subject)}: {'; '.join(clauses)}." if clauses else ""
    if not facts.shared_rows:
        text += (
            f" {join_names(m.name for m in facts.models)} share no benchmark on a like "
            "setting, so quality is not counted."
        )
    for m in facts.models:
        if not facts.of[m.slug].cost.estimate.available:
            text += f" {m.name} is unavailable at a listed price: {facts.no_cost_reason(m)}."
    return text


def _price_clause(facts: ComparisonFacts, subject: str) -> str:
    totals = {
        slug: f.cost.estimate.total_usd for slug, f in facts.of.items() if f.cost.estimate.available
    }
    if subject not in totals or len(totals) < 2:
        return ""
    rival = min((slug for slug in totals if slug != subject), key=lambda slug: totals[slug])
    mine, theirs = totals[subject], totals[rival]
    figures = f"{facts.money(mine)} vs {facts.money(theirs)} a month"
    if len(facts.models) > 2:
        figures += f" for {facts.name(rival)}"
    if mine == theirs:
        return f"the same cost at your traffic ({figures})"
    return f"{cost_ratio(mine, theirs)} at your traffic ({figures})"


def _quality_clause(facts: ComparisonFacts, subject: str) -> str:
    if not facts.shared_rows:
        return ""
    index = [m.slug for m in facts.models].index(subject)
    deltas = []
    for row in facts.shared_rows:
        mine = row.scores[index]
        best_other = max(
            (s for i, s in enumerate(row.scores) if i != index),
            key=lambda s: s.score if s.higher_is_better else -s.score,
        )
        delta = mine.score - best_other.score
        deltas.append((delta if mine.higher_is_better else -delta, row))
    if len(deltas) == 1:
        return standing(*deltas[0])
    ahead = sum(1 for delta, _ in deltas if delta > 0)
    behind = sum(1 for delta, _ in deltas if delta < 0)
    # Name the widest gap in the direction that prevails: the lead that makes the case.
    sign = 1 if ahead >= behind else -1
    widest = max(deltas, key=lambda item: sign * item[0])
    return f"ahead on {ahead} of {len(deltas)} shared benchmark rows ({standing(*widest)})"
