"""The comparison's sentences: title, introduction, headline, tradeoffs, switch friction,
the deep dive and the FAQ. Plain English built from ``ComparisonFacts`` and the signals the
verdict counted (``comparisons.verdict``); no figure is computed here that a table shows
differently."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from catalog.faq import FaqItem
from catalog.formatting import (
    format_date,
    format_price,
    format_score,
    format_tokens,
    join_names,
)
from catalog.models import LanguageModel, License, ModelCapability
from catalog.routes import cheapest_route
from comparisons.facts import NO, YES, ComparisonFacts
from comparisons.results import CostCell, Friction, Row, Signal, Tradeoff
from comparisons.snapshots import ModelSnapshot
from comparisons.verdict import cost_ratio


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
        return f"{cheapest.model.name} {how}: {money(low)} vs {money(high)} a month"
    others = join_names(
        f"{c.model.name} {money(c.estimate.total_usd)}"
        + (f" ({_times(c.estimate.total_usd / low)})" if low else "")
        for c in rest
    )
    return f"{cheapest.model.name} is the cheapest at {money(low)} a month, vs {others}"


def title(facts: ComparisonFacts) -> str:
    return " vs ".join(m.name for m in facts.models)


def intro(facts: ComparisonFacts, signals: list[Signal], *, curated: str = "") -> str:
    if curated:
        return curated
    models = facts.models
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
    lead = next((s for s in signals if s.kind == "benchmark"), None)
    benchmark = f" {lead.reason}" if lead else ""
    return (
        f"{named} are language models {lab_text}. Context windows: {contexts} "
        f"tokens.{benchmark} This comparison covers specs, pricing across "
        f"{sum(m.route_count for m in models)} tracked provider routes, capabilities, "
        f"{len(facts.shared_rows)} shared benchmark"
        f"{'' if len(facts.shared_rows) == 1 else 's'}, monthly cost at your traffic, "
        "and what it takes to switch."
    )


def tradeoffs(facts: ComparisonFacts, signals: list[Signal]) -> tuple[Tradeoff, ...]:
    result = []
    for m in facts.models:
        bullets = [s.reason for s in signals if s.model_slug == m.slug]
        unconfirmed = facts.unconfirmed_elsewhere(m.slug)
        if unconfirmed:
            bullets.append(
                f"{m.name} exposes {join_names(facts.cap_names[c] for c in unconfirmed)}, "
                "which our data has not confirmed for "
                f"{join_names(o.name for o in facts.models if o is not m)}."
            )
        if m.use_cases:
            bullets.append(f"Our decision data tags {m.name} for {join_names(m.use_cases)}.")
        if not bullets:
            bullets.append(f"No sourced row of data favours {m.name} in this comparison.")
        result.append(Tradeoff(m, tuple(bullets)))
    return tuple(result)


def headline(facts: ComparisonFacts, costs: tuple[CostCell, ...]) -> str:
    """One line with the figures that decide: "A is 7.4 times cheaper: $616 vs $4,566 a month;
    no shared benchmark". Costs come from ``costs``; leads from the shared benchmarks."""
    priced = sorted((c for c in costs if c.estimate.available), key=lambda c: c.estimate.total_usd)
    unpriced = [c.model.name for c in costs if not c.estimate.available]
    if not priced:
        either = join_names(unpriced).replace(" and ", " or ")
        cost = f"No complete price is listed for {either}"
    elif len(priced) == 1:
        cost = (
            f"Only {priced[0].model.name} has a complete price: "
            f"{facts.money(priced[0].estimate.total_usd)} a month"
        )
    else:
        cost = _cost_ratio_text(priced, facts.money)
    if unpriced and priced and len(priced) > 1:
        cost += f"; no price listed for {join_names(unpriced)}"
    elif unpriced and len(priced) == 1:
        cost += f" ({join_names(unpriced)}: no price listed)"
    return f"{cost}; {_benchmark_leads_text(facts)}."


def _benchmark_leads_text(facts: ComparisonFacts) -> str:
    rows = facts.shared_rows
    if not rows:
        return "no benchmark shared on a like setting"
    total = f"{len(rows)} shared benchmark{'s' if len(rows) != 1 else ''}"
    leads: dict[str, int] = {}
    for row in rows:
        if row.leader_slug:
            leads[row.leader_slug] = leads.get(row.leader_slug, 0) + 1
    if not leads:
        return f"they tie on {'the' if len(rows) == 1 else 'all'} {total}"
    best = max(leads.values())
    leaders = [facts.name(slug) for slug, count in leads.items() if count == best]
    if len(leaders) > 1:
        return f"{join_names(leaders)} each lead {best} of {total}"
    return f"{leaders[0]} leads {best} of {total}"


def friction(facts: ComparisonFacts) -> tuple[Friction, ...]:
    blocks = []
    for source in facts.models:
        for target in facts.models:
            if source is target:
                continue
            blocks.append(Friction(source, target, _moving(facts, source, target)))
    return tuple(blocks)


def _moving(
    facts: ComparisonFacts, source: ModelSnapshot, target: ModelSnapshot
) -> tuple[str, ...]:
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
    lost_no = [c for c in facts.of[source.slug].yes if target.support(c) == NO]
    lost_unknown = [
        c for c in facts.of[source.slug].yes if target.support(c) == ModelCapability.Support.UNKNOWN
    ]
    if lost_no:
        bullets.append(
            f"Check replacement coverage for {join_names(facts.cap_names[c] for c in lost_no)} "
            "before moving production traffic."
        )
    if lost_unknown:
        bullets.append(
            f"{join_names(facts.cap_names[c] for c in lost_unknown)}: unknown for "
            f"{target.name} in our data; verify before moving production traffic."
        )
    gained = [c for c in facts.of[target.slug].yes if source.support(c) != YES]
    if gained:
        bullets.append(
            f"{target.name} adds {join_names(facts.cap_names[c] for c in gained)} in our "
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
    bullets.extend(_lifecycle(target, moving_to=True))
    bullets.extend(_lifecycle(source, moving_to=False))
    return tuple(bullets)


def _lifecycle(model: ModelSnapshot, *, moving_to: bool) -> list[str]:
    """Retired, deprecated, or a retirement announced for a future date."""
    when = format_date(model.retires_on) if model.retires_on else ""
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


def deep_dive(facts: ComparisonFacts, signals: list[Signal]) -> tuple[str, ...]:
    paragraphs = []
    names = join_names(m.name for m in facts.models)
    led = [r for r in facts.shared_rows if r.leader]
    if led:
        parts = [
            f"{r.name} has "
            + join_names(f"{m.name} at {c}" for m, c in zip(facts.models, r.cells, strict=True))
            + f", with {r.leader.name} ahead by {format_score(r.gap_points)} points"
            for r in led
        ]
        widest = max(led, key=lambda r: r.gap_points)
        paragraphs.append(
            f"On shared benchmark coverage, {'; '.join(parts)}. The largest visible gap is "
            f"{format_score(widest.gap_points)} points on {widest.name}, which matters most "
            "when that benchmark mirrors your workload. Treat isolated benchmark wins as "
            "directional: provider routing, prompt style and tool access move real results."
        )
    elif facts.shared_rows:
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
        for c in facts.capabilities
        if len({m.support(c.slug) for m in facts.models}) > 1
        and any(m.support(c.slug) == YES for m in facts.models)
    ]
    shared_caps = [
        c.name for c in facts.capabilities if all(m.support(c.slug) == YES for m in facts.models)
    ]
    if differing:
        parts = [
            f"{c.name}: " + join_names(m.name for m in facts.models if m.support(c.slug) == YES)
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
    for m in facts.models:
        route = cheapest_route(m.billable_routes)
        pricing_parts.append(
            f"{m.name} has {format_price(route.input_usd_per_mtok)}/1M input tokens at its "
            f"cheapest route ({route.provider_name})"
            if route
            else f"{m.name} has no complete token price sourced yet"
        )
    routes = " versus ".join(str(m.route_count) for m in facts.models)
    paragraphs.append(
        f"Pricing coverage: {join_names(pricing_parts)}. Provider availability is {routes} "
        "tracked routes. Treat unknown pricing as an integration gap, and verify the route "
        "you will actually call before estimating production spend."
    )

    choose = []
    for m in facts.models:
        whens = [s.when for s in signals if s.model_slug == m.slug]
        if whens:
            choose.append(f"Choose {m.name} when {join_names(whens)}.")
    if choose:
        paragraphs.append(
            " ".join(choose)
            + " Before production, rerun your own prompts through the exact provider, "
            "region and tool stack you plan to ship."
        )
    return tuple(paragraphs)


def faq(facts: ComparisonFacts) -> tuple[FaqItem, ...]:
    models = facts.models
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
            f"{m.name} supports {format_tokens(m.context_window_tokens)} tokens" for m in ordered
        ]
        parts += [f"{m.name}'s context window is not sourced yet" for m in models if m not in known]
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

    if capability_item := _capability_faq(facts, either):
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
            " ".join(where) + " Provider coverage affects latency, region availability, compliance "
            "posture, and fallback options.",
        )
    )
    return tuple(items)


def _capability_faq(facts: ComparisonFacts, either: str) -> FaqItem | None:
    """One answer for every "Which is better for X?": who exposes each capability."""
    labels = {NO: "no", ModelCapability.Support.UNKNOWN: "unknown"}
    rows, sentences = [], []
    for capability in facts.capabilities:
        having = [m for m in facts.models if m.support(capability.slug) == YES]
        if not having:
            continue
        others = [
            f"{m.name}: {labels[m.support(capability.slug)]}"
            for m in facts.models
            if m not in having
        ]
        exposed = (
            ("Both" if len(facts.models) == 2 else "All")
            if len(having) == len(facts.models)
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
        rows=tuple(rows),
    )


def description(comparison) -> str:
    """The page's meta description: what it covers, then the verdict (300 characters)."""
    routes = sum(m.route_count for m in comparison.models)
    return (
        f"{comparison.title}: specs, prices at {routes} provider routes, capabilities, "
        f"benchmarks and monthly cost. {comparison.verdict.text}"
    )[:300]
