"""The home page: answers first, from the data (a fixed number of queries, whatever its size).

It lives in ``comparisons`` because it shows what visitors compare; ``catalog`` never
imports ``comparisons``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.views.generic import TemplateView

from catalog.models import LanguageModel, without_bookkeeping
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
    narrow: Callable[[QuerySet], QuerySet]
    directory_query: str  # the same list in the directory


TIERS = (
    Tier("Any model", lambda qs: qs, "sort=blended_price"),
    Tier(
        "With vision",
        lambda qs: qs.with_capabilities(["vision"]),
        "capability=vision&sort=blended_price",
    ),
    Tier(
        "With function calling",
        lambda qs: qs.with_capabilities(["function-calling"]),
        "capability=function-calling&sort=blended_price",
    ),
    Tier(
        "With a reasoning mode",
        lambda qs: qs.with_capabilities(["reasoning-mode"]),
        "capability=reasoning-mode&sort=blended_price",
    ),
    Tier(
        "Open weights",
        lambda qs: qs.open_weights(),
        "openness=open-weights&sort=blended_price",
    ),
    Tier(
        "1M-token context or more",
        lambda qs: qs.filter(context_window_tokens__gte=1_000_000),
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
    """Each tier's ``limit`` cheapest models (by label), from one query: the
    ``TIER_CANDIDATES`` cheapest models, each flagged with the tiers it is in. Ordering the
    catalogue by price is the costly part (every model's cheapest route), so it is done once
    rather than per tier; a tier with too few among the candidates (when more models exist)
    gets its own query, ``cheapest_in_tier``."""
    flags = {
        f"in_tier_{number}": Exists(tier.narrow(LanguageModel.objects.filter(pk=OuterRef("pk"))))
        for number, tier in enumerate(TIERS)
    }
    ordered = (
        priced_models()
        .annotate(**flags)
        .order_by(F("blended_usd_per_mtok").asc(nulls_last=True), "name")
    )
    read = list(ordered[:TIER_CANDIDATES])
    candidates = [model for model in read if model.blended_usd_per_mtok is not None]
    every_priced_model = len(candidates) < TIER_CANDIDATES
    answers = {}
    for number, tier in enumerate(TIERS):
        found = [model for model in candidates if getattr(model, f"in_tier_{number}")][:limit]
        if len(found) < limit and not every_priced_model:
            found = cheapest_in_tier(tier, limit)
        answers[tier.label] = found
    return answers


def cheapest_per_tier() -> list[TierAnswer]:
    """The cheapest model of each tier (one query, ``cheapest_by_tier``)."""
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
