"""The comparison's tables: scorecard, monthly costs, specs, pricing, capabilities, provider
routes, and the scores and capabilities only one model has. Each reads ``ComparisonFacts``
and returns rows already shaped for the template, one cell per model in model order."""

from __future__ import annotations

from decimal import Decimal

from catalog.formatting import (
    UNKNOWN_FIGURE,
    Unknown,
    figure,
    format_date,
    format_parameters,
    format_price,
    format_score,
    format_tokens,
    join_names,
)
from catalog.models import License, ModelCapability
from catalog.routes import ZERO, cheapest_route
from comparisons.facts import ComparisonFacts
from comparisons.results import (
    CostCell,
    OnlyOne,
    OtherSettingRow,
    Row,
    SourcedFact,
)
from comparisons.snapshots import ModelSnapshot, ScoreSnapshot

NO_PRICE = Unknown("no price listed")


def lowest_price(routes, price) -> tuple[Decimal | None, str]:
    """The lowest of one price (``price`` reads it off a route; a $0 on a paid route is not
    one) and its route's provider, ties broken as ``catalog.routes`` does."""
    best = cheapest_route(routes, price=lambda r: None if price(r) == ZERO else price(r))
    return (price(best), best.provider_name) if best else (None, "")


def _price(attribute: str):
    return lambda route: getattr(route, attribute)


def _batch_price(attribute: str):
    return lambda route: route.batch_price(getattr(route, attribute))


def _price_cells(facts: ComparisonFacts, price, unit: str) -> tuple[str, ...]:
    cells = []
    for m in facts.models:
        amount, provider = lowest_price(m.billable_routes, price)
        cells.append(
            f"{format_price(amount)}/1M{unit} ({provider})" if amount is not None else NO_PRICE
        )
    return tuple(cells)


def scorecard(facts: ComparisonFacts) -> tuple[Row, ...]:
    models = facts.models

    def benchmark_cell(m: ModelSnapshot) -> str:
        if not facts.shared_rows:
            return "0 shared rows"
        leads = [r.name for r in facts.shared_rows if r.leader_slug == m.slug]
        n = len(facts.shared_rows)
        lead_text = f"; leads {join_names(leads)}" if leads else "; leads none"
        return f"{n} shared row{'s' if n != 1 else ''}{lead_text}"

    return (
        Row("Best for", tuple(figure(m.best_for) for m in models)),
        Row("Decision fit", tuple(figure(join_names(m.use_cases)) for m in models)),
        Row(
            "Context window", tuple(figure(m.context_window_tokens, format_tokens) for m in models)
        ),
        Row("Cheapest input", _price_cells(facts, _price("input_usd_per_mtok"), " tokens")),
        Row("Cheapest output", _price_cells(facts, _price("output_usd_per_mtok"), " tokens")),
        Row(
            "Provider routes",
            tuple(
                f"{m.route_count} tracked at {len(m.provider_names)} provider"
                f"{'' if len(m.provider_names) == 1 else 's'}"
                if m.routes
                else "0 tracked"
                for m in models
            ),
        ),
        Row("Shared benchmarks", tuple(benchmark_cell(m) for m in models)),
    )


def costs(facts: ComparisonFacts) -> tuple[tuple[CostCell, ...], str]:
    """One card per model at the traffic shown, cheapest first, and the cost delta line."""
    cells = []
    for m in facts.models:
        cost = facts.of[m.slug].cost
        if cost.estimate.available:
            detail = f"Cheapest tracked route: {cost.route.provider_name}"
            saving = cost.estimate.saving_usd
            if saving:
                detail += f" (saves {facts.money(saving)} through caching and batching)"
            total = facts.money(cost.estimate.total_usd)
            cells.append(CostCell(m, total, detail, cost.estimate))
        else:
            total, reason = "Unavailable", cost.estimate.reason
            if m.is_retired:
                total, reason = "Retired", f"{m.last_listed}: no provider serves it any more"
            detail = reason[0].upper() + reason[1:]
            cells.append(CostCell(m, total, detail, cost.estimate))
    # The cards read cheapest first; a model without a complete price comes last.
    cells.sort(key=lambda c: (not c.estimate.available, c.estimate.total_usd or 0))
    return tuple(cells), _cost_delta(facts, cells)


def _cost_delta(facts: ComparisonFacts, cells: list[CostCell]) -> str:
    available = [c for c in cells if c.estimate.available]
    if len(available) < len(cells):
        return (
            "Cost delta unavailable until every model here has sourced input and output "
            "token prices."
        )
    ordered = sorted(available, key=lambda c: c.estimate.total_usd)
    cheapest, rest = ordered[0], ordered[1:]
    parts = [
        f"{c.model.name} costs "
        f"{facts.money(c.estimate.total_usd - cheapest.estimate.total_usd)} more a month"
        for c in rest
        if c.estimate.total_usd != cheapest.estimate.total_usd
    ]
    if not parts:
        return "They cost the same at this traffic."
    return f"{cheapest.model.name} is the cheapest at this traffic; {join_names(parts)}."


def specs(facts: ComparisonFacts) -> tuple[Row, ...]:
    models = facts.models

    def license_cell(m: ModelSnapshot) -> str:
        if not m.license_name:
            return UNKNOWN_FIGURE
        return m.license_name + (" (OSI-approved)" if m.license_osi_approved else "")

    openness_labels = dict(License.Openness.choices)
    return (
        Row("Released", tuple(figure(m.release_date, format_date) for m in models)),
        Row(
            "Context window", tuple(figure(m.context_window_tokens, format_tokens) for m in models)
        ),
        Row("Max output", tuple(figure(m.max_output_tokens, format_tokens) for m in models)),
        Row(
            "Parameters",
            tuple(
                format_parameters(m.total_parameters_b, m.active_parameters_b)
                if m.total_parameters_b is not None
                else UNKNOWN_FIGURE
                for m in models
            ),
        ),
        Row("Architecture", tuple(figure(m.architecture) for m in models)),
        Row("License", tuple(license_cell(m) for m in models)),
        Row("Openness", tuple(figure(openness_labels.get(m.openness)) for m in models)),
        Row("Commercial use", tuple(figure(m.commercial_use) for m in models)),
        Row("Knowledge cutoff", tuple(figure(m.knowledge_cutoff, format_date) for m in models)),
    )


def pricing(facts: ComparisonFacts) -> tuple[Row, ...]:
    """Each price's lowest figure across a model's billable routes, naming the route."""
    return (
        Row("Input price", _price_cells(facts, _price("input_usd_per_mtok"), "")),
        Row("Output price", _price_cells(facts, _price("output_usd_per_mtok"), "")),
        Row("Cached input", _price_cells(facts, _price("cached_input_usd_per_mtok"), "")),
        Row("Batch input", _price_cells(facts, _batch_price("input_usd_per_mtok"), "")),
        Row("Batch output", _price_cells(facts, _batch_price("output_usd_per_mtok"), "")),
        Row(
            "Providers",
            tuple(join_names(m.provider_names) or "none tracked yet" for m in facts.models),
        ),
    )


def capability_rows(facts: ComparisonFacts) -> tuple[Row, ...]:
    labels = {
        **dict(ModelCapability.Support.choices),
        ModelCapability.Support.UNKNOWN: UNKNOWN_FIGURE,
    }
    return tuple(
        Row(c.name, tuple(labels[m.support(c.slug)] for m in facts.models))
        for c in facts.capabilities
    )


def other_settings(facts: ComparisonFacts) -> tuple[OtherSettingRow, ...]:
    """Every score in a setting its benchmark does not rank on, labelled, per model."""
    groups: dict[tuple[str, str], dict[str, ScoreSnapshot]] = {}
    for m in facts.models:
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
                format_score(by_model[m.slug].score) if m.slug in by_model else UNKNOWN_FIGURE
                for m in facts.models
            ),
        )
        for (name, label), by_model in sorted(groups.items(), key=lambda i: i[0][0].lower())
    )


def only_one(facts: ComparisonFacts) -> tuple[OnlyOne, ...]:
    """Scores in the ranked setting that not every model has: shown, not compared."""
    shared = {row.slug for row in facts.benchmarks}
    result = []
    for m in facts.models:
        scores = tuple(
            SourcedFact(
                f"{s.like_name}: {format_score(s.score)}", s.source_url, s.measured_on, "measured"
            )
            for slug, s in sorted(facts.of[m.slug].ranked_scores.items())
            if slug not in shared
        )
        if scores:
            result.append(OnlyOne(m, scores))
    return tuple(result)


def only_capabilities(facts: ComparisonFacts) -> tuple[OnlyOne, ...]:
    """Capabilities one model is sourced to have and every other to lack, sourced."""
    result = []
    for m in facts.models:
        items = []
        for slug in facts.unique_capabilities(m.slug):
            source = m.capability_source(slug)
            items.append(SourcedFact(facts.cap_names[slug], source.url, source.checked_on))
        if items:
            result.append(OnlyOne(m, tuple(items)))
    return tuple(result)
