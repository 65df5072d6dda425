"""The home page: answers first, from the data (a fixed number of queries, whatever its size).

It lives in ``comparisons`` because it shows what visitors compare; ``catalog`` never
imports ``comparisons``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Expression, ExpressionWrapper, F, Q, QuerySet, Value
from django.urls import reverse
from django.views.generic import TemplateView

from catalog.models import LanguageModel, has_capability, is_open_weights, without_bookkeeping
from catalog.price_history import price_changes
from comparisons.models import SEPARATOR, ComparisonVisit
from comparisons.selectors import featured_comparisons

MOST_COMPARED = 8
VISITS_READ = 200  # the most visited comparisons counted for "most compared models"
RECENT = 6


def priced_models() -> QuerySet:
    """Published models with their cheapest route and lab, for lists (no bookkeeping)."""
    models = LanguageModel.objects.published().with_cheapest_route().select_related("lab")
    return without_bookkeeping(models, "lab")


def most_compared_models(limit: int = MOST_COMPARED) -> list[LanguageModel]:
    """The models in the most visited comparisons, by their visits summed (2 queries)."""
    visits = ComparisonVisit.objects.order_by("-count", "key").values_list("key", "count")
    counts: Counter[str] = Counter()
    for key, count in visits[:VISITS_READ]:
        for slug in key.split(SEPARATOR):
            counts[slug] += count
    if not counts:
        return []
    models = {m.slug: m for m in priced_models().filter(slug__in=list(counts))}
    return sorted(models.values(), key=lambda m: (-counts[m.slug], m.name))[:limit]


@dataclass(frozen=True)
class Tier:
    label: str
    condition: Q  # on a model row (an empty Q: every model)
    directory_query: str  # the same list in the directory

    def narrow(self, models: QuerySet) -> QuerySet:
        return models.filter(self.condition)

    def flag(self) -> Expression:
        """Whether a model row is in the tier, as a column of the query that reads it."""
        if not self.condition:
            return Value(True)
        return ExpressionWrapper(self.condition, output_field=BooleanField())


TIERS = (
    Tier("Any model", Q(), "sort=blended_price"),
    Tier("With vision", has_capability("vision"), "capability=vision&sort=blended_price"),
    Tier(
        "With function calling",
        has_capability("function-calling"),
        "capability=function-calling&sort=blended_price",
    ),
    Tier(
        "With a reasoning mode",
        has_capability("reasoning-mode"),
        "capability=reasoning-mode&sort=blended_price",
    ),
    Tier("Open weights", is_open_weights(), "openness=open-weights&sort=blended_price"),
    Tier(
        "1M-token context or more",
        Q(context_window_tokens__gte=1_000_000),
        "min_context=1000000&sort=blended_price",
    ),
)


@dataclass(frozen=True)
class TierAnswer:
    tier: Tier
    model: LanguageModel | None

    @property
    def directory_url(self) -> str:
        return tier_url(self.tier)


def tier_url(tier: Tier) -> str:
    return f"{reverse('catalog:model-list')}?{tier.directory_query}"


def cheapest_in_tier(tier: Tier, limit: int = 1) -> list[LanguageModel]:
    """The cheapest models of a tier by blended price at their cheapest route (1 query).

    Unpriced models sort last, so the priced ones are the first ``limit`` without a price
    dropped: filtering them out in SQL would compute every model's cheapest route twice."""
    ordered = tier.narrow(priced_models()).order_by(
        F("blended_usd_per_mtok").asc(nulls_last=True), "name"
    )
    return [model for model in ordered[:limit] if model.blended_usd_per_mtok is not None]


TIER_CANDIDATES = 500  # the cheapest priced models read at once to answer every tier


def cheapest_by_tier(limit: int) -> dict[str, list[LanguageModel]]:
    """Each tier's ``limit`` cheapest models (by label), from two queries: the
    ``TIER_CANDIDATES`` cheapest models' ids, each flagged with the tiers it is in, then the
    models chosen. Ordering the catalogue by price is the costly part, so it is done once
    rather than per tier; a tier with too few among the candidates (when more models exist)
    gets its own query, ``cheapest_in_tier``."""
    flags = [tier.flag() for tier in TIERS]
    ordered = (
        LanguageModel.objects.published()
        .with_cheapest_route()
        .order_by(F("blended_usd_per_mtok").asc(nulls_last=True), "name")
        .values_list("pk", "blended_usd_per_mtok", *flags)
    )
    read = list(ordered[:TIER_CANDIDATES])
    candidates = [(pk, in_tier) for pk, blended, *in_tier in read if blended is not None]
    every_priced_model = len(candidates) < TIER_CANDIDATES
    chosen: dict[str, list[int]] = {}
    answers: dict[str, list[LanguageModel]] = {}
    for number, tier in enumerate(TIERS):
        chosen[tier.label] = [pk for pk, in_tier in candidates if in_tier[number]][:limit]
        if len(chosen[tier.label]) < limit and not every_priced_model:
            answers[tier.label] = cheapest_in_tier(tier, limit)
    ids = {pk for label, pks in chosen.items() if label not in answers for pk in pks}
    models = priced_models().in_bulk(ids) if ids else {}
    for label, pks in chosen.items():
        answers.setdefault(label, [models[pk] for pk in pks])
    return {tier.label: answers[tier.label] for tier in TIERS}


def cheapest_per_tier() -> list[TierAnswer]:
    """The cheapest model of each tier (two queries, ``cheapest_by_tier``)."""
    cheapest = cheapest_by_tier(limit=1)
    return [TierAnswer(tier, next(iter(cheapest[tier.label]), None)) for tier in TIERS]


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        released = priced_models().filter(release_date__isnull=False)
        return super().get_context_data(
            most_compared=most_compared_models(),
            featured=featured_comparisons(),
            tiers=cheapest_per_tier(),
            price_changes=list(price_changes()[:RECENT]),
            new_models=list(released.order_by(F("release_date").desc(), "name")[:RECENT]),
            model_count=LanguageModel.objects.published().count(),
            **kwargs,
        )
