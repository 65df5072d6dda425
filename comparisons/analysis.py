"""Build a comparison of two to four models from their snapshots: no HTTP, no queries.

The work is split by what changes together:

- ``comparisons.facts``: every figure, computed once (costs at the traffic shown,
  like-for-like benchmark rows, capabilities), keyed by model slug;
- ``comparisons.verdict``: the rule (documented there and on each page): which model leads
  on which signal, and who has the edge;
- ``comparisons.sections``: the tables (scorecard, costs, specs, pricing, capabilities,
  provider routes, scores and capabilities only one model has);
- ``comparisons.prose``: the sentences (introduction, headline, tradeoffs, switch friction,
  deep dive, FAQ);
- ``comparisons.results``: the typed rows the template renders.
"""

from __future__ import annotations

from comparisons import prose, sections
from comparisons.costs import Traffic
from comparisons.facts import ComparisonFacts
from comparisons.results import Comparison
from comparisons.snapshots import CapabilityRef, ModelSnapshot
from comparisons.verdict import signals, verdict


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
    facts = ComparisonFacts(tuple(models), tuple(capabilities), traffic)
    led = signals(facts)
    decided = verdict(facts, led, curated=curated_verdict)
    costs, delta = sections.costs(facts)
    reviewed = [m.last_reviewed_on for m in facts.models if m.last_reviewed_on]
    comparison = Comparison(
        models=facts.models,
        title=prose.title(facts),
        intro=prose.intro(facts, led, curated=curated_intro),
        verdict=decided,
        scorecard=sections.scorecard(facts),
        tradeoffs=prose.tradeoffs(facts, led),
        traffic=traffic,
        costs=costs,
        cost_delta=delta,
        headline=prose.headline(facts, costs),
        friction=prose.friction(facts),
        specs=sections.specs(facts),
        pricing=sections.pricing(facts),
        capabilities=sections.capability_rows(facts),
        benchmarks=tuple(facts.benchmarks),
        only_one=sections.only_one(facts),
        only_capabilities=sections.only_capabilities(facts),
        other_settings=sections.other_settings(facts),
        deep_dive=prose.deep_dive(facts, led),
        faq=prose.faq(facts),
        last_reviewed_on=min(reviewed) if len(reviewed) == len(facts.models) else None,
        signals=tuple(led),
    )
    comparison.description = prose.description(comparison)
    return comparison
