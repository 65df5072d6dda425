"""Plain, typed snapshots of catalogue models: what the comparison logic reads.

The analysis never touches the ORM; ``snapshot_models`` loads everything a comparison
needs in a fixed number of queries and turns it into these frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet

from catalog.formatting import format_setting
from catalog.models import (
    PRICE_FIELDS,
    BenchmarkResult,
    BenchmarkSetting,
    Capability,
    FactSource,
    LanguageModel,
    License,
    ModelCapability,
    Offering,
    RouteFacts,
    batch_price,
)
from catalog.routes import rank_routes

OPENNESS_RANK = {
    License.Openness.OPEN_SOURCE: 2,
    License.Openness.OPEN_WEIGHTS: 1,
    License.Openness.PROPRIETARY: 0,
}


@dataclass(frozen=True)
class CapabilityRef:
    slug: str
    name: str


@dataclass(frozen=True)
class RouteSnapshot(RouteFacts):
    provider_slug: str
    provider_name: str
    provider_model_id: str
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None
    cached_input_usd_per_mtok: Decimal | None = None
    cache_write_usd_per_mtok: Decimal | None = None
    batch_discount_percent: Decimal | None = None
    status: str = Offering.Status.GA
    source_url: str = ""
    last_verified_on: dt.date | None = None
    provider_kind: str = ""
    kind: str = ""  # the route's own kind; blank = the provider's
    source_note: str = ""

    def batch_price(self, price: Decimal | None) -> Decimal | None:
        return batch_price(price, self.batch_discount_percent)


# RouteSnapshot's fields: an Offering's own columns, and its provider's.
ROUTE_FIELDS = (
    "provider_model_id",
    *PRICE_FIELDS,
    "status",
    "source_url",
    "last_verified_on",
    "kind",
    "source_note",
)
PROVIDER_COLUMNS = {
    "provider_slug": F("provider__slug"),
    "provider_name": F("provider__name"),
    "provider_kind": F("provider__kind"),
}


def route_snapshots(offerings: QuerySet) -> dict[int, list[RouteSnapshot]]:
    """``offerings`` as RouteSnapshots by model id, in the queryset's order: one query that
    builds no Offering or Provider rows (a page of the directory prices ~250 routes)."""
    routes: dict[int, list[RouteSnapshot]] = {}
    for row in offerings.values("model_id", *ROUTE_FIELDS, **PROVIDER_COLUMNS):
        routes.setdefault(row.pop("model_id"), []).append(RouteSnapshot(**row))
    return routes


@dataclass(frozen=True)
class ScoreSnapshot:
    benchmark_slug: str
    benchmark_name: str
    score: Decimal
    higher_is_better: bool = True
    unit: str = "%"
    setting: str = BenchmarkSetting.STANDARD
    setting_detail: str = ""  # "64K thinking tokens", "Claude Code harness, medium effort"
    ranked_setting: str = BenchmarkSetting.STANDARD  # the benchmark's like-for-like setting
    is_index: bool = False
    source_url: str = ""
    measured_on: dt.date | None = None

    @property
    def setting_label(self) -> str:
        return format_setting(BenchmarkSetting(self.setting).label, self.setting_detail)

    @property
    def is_ranked(self) -> bool:
        """Compared like with like: the result is in the setting its benchmark ranks on."""
        return self.setting == self.ranked_setting

    @property
    def like_name(self) -> str:
        """“SWE-bench Verified (standard)”; an index is its own setting."""
        if self.is_index:
            return self.benchmark_name
        return f"{self.benchmark_name} ({BenchmarkSetting(self.ranked_setting).label.lower()})"

    def beats(self, other: ScoreSnapshot) -> bool:
        return self.score > other.score if self.higher_is_better else self.score < other.score


@dataclass(frozen=True)
class SourceSnapshot:
    label: str
    url: str
    checked_on: dt.date | None


@dataclass(frozen=True)
class ModelSnapshot:
    slug: str
    name: str
    lab_name: str
    lab_slug: str = ""
    family_slug: str = ""
    family_name: str = ""
    release_date: dt.date | None = None
    knowledge_cutoff: str = ""
    context_window_tokens: int | None = None
    max_output_tokens: int | None = None
    total_parameters_b: Decimal | None = None
    active_parameters_b: Decimal | None = None
    architecture: str = ""
    license_name: str | None = None
    license_osi_approved: bool = False
    openness: str | None = None  # License.Openness value; None when no license is sourced
    commercial_use: str | None = None  # label
    best_for: str = ""
    summary: str = ""
    use_cases: tuple[str, ...] = ()
    input_modalities: tuple[str, ...] = ()
    capabilities: dict[str, str] = field(default_factory=dict)  # slug -> yes / no / unknown
    capability_notes: dict[str, str] = field(default_factory=dict)
    capability_urls: dict[str, str] = field(default_factory=dict)  # slug -> its own source
    routes: tuple[RouteSnapshot, ...] = ()
    scores: tuple[ScoreSnapshot, ...] = ()
    lifecycle: str = LanguageModel.Lifecycle.ACTIVE
    deprecated_on: dt.date | None = None
    retires_on: dt.date | None = None
    is_retired: bool = False  # retired, or past its announced retirement date
    last_listed: str = ""  # a retired model's "last listed $3 / $15 (...), retired 22 Oct 2025"
    successor_name: str = ""
    successor_slug: str = ""
    weights_url: str = ""
    last_reviewed_on: dt.date | None = None
    sources: tuple[SourceSnapshot, ...] = ()
    url: str = ""

    def support(self, capability_slug: str) -> str:
        return self.capabilities.get(capability_slug, ModelCapability.Support.UNKNOWN)

    def capability_source(self, capability_slug: str) -> SourceSnapshot:
        """Where a capability's status comes from: its own URL, else the model's capability
        source; dated by the model's capability source (unknown without one)."""
        label = FactSource.Field.CAPABILITIES.label
        general = next((s for s in self.sources if s.label == label), None)
        url = self.capability_urls.get(capability_slug) or (general.url if general else "")
        return SourceSnapshot(label, url, general.checked_on if general else None)

    @property
    def billable_routes(self) -> tuple[RouteSnapshot, ...]:
        """The routes that may be the cheapest or price a month (not free tiers, plans...)."""
        return tuple(route for route in self.routes if route.is_billable)

    @property
    def provider_names(self) -> tuple[str, ...]:
        return tuple(sorted({route.provider_name for route in self.routes}))

    @property
    def route_count(self) -> int:
        return len(self.routes)

    @property
    def openness_rank(self) -> int | None:
        return OPENNESS_RANK.get(self.openness) if self.openness else None

    def ranked_scores(self) -> dict[str, ScoreSnapshot]:
        """One score per benchmark, in the setting the benchmark ranks on: the best this
        model has there (several details, e.g. snapshots, may share that setting)."""
        best: dict[str, ScoreSnapshot] = {}
        for score in self.scores:
            if not score.is_ranked:
                continue
            current = best.get(score.benchmark_slug)
            if current is None or score.beats(current):
                best[score.benchmark_slug] = score
        return best

    def other_setting_scores(self) -> tuple[ScoreSnapshot, ...]:
        """Results in any other setting: shown labelled, never ranked."""
        return tuple(score for score in self.scores if not score.is_ranked)


def snapshot_queryset() -> QuerySet:
    """The models' own rows (the rest is read by ``snapshot_models`` as plain values): whole
    rows, as deferring the unread columns costs Django more than reading them."""
    return (
        LanguageModel.objects.published()
        .select_related("lab", "family", "license")
        .with_use_case_names()
        .with_last_listed_price()
        .annotate(successor_name=F("successor__name"), successor_slug=F("successor__slug"))
    )


def capability_rows(model_ids: list[int]) -> dict[int, list[dict]]:
    rows = ModelCapability.objects.filter(model__in=model_ids).values(
        "model_id", "support", "note", "source_url", slug=F("capability__slug")
    )
    return _by_model(rows)


def score_snapshots(model_ids: list[int]) -> dict[int, list[ScoreSnapshot]]:
    rows = BenchmarkResult.objects.filter(model__in=model_ids).values(
        "model_id",
        "score",
        "setting",
        "setting_detail",
        "source_url",
        "measured_on",
        benchmark_slug=F("benchmark__slug"),
        benchmark_name=F("benchmark__name"),
        higher_is_better=F("benchmark__higher_is_better"),
        unit=F("benchmark__unit"),
        ranked_setting=F("benchmark__ranked_setting"),
        is_index=F("benchmark__is_index"),
    )
    return {pk: [ScoreSnapshot(**row) for row in group] for pk, group in _by_model(rows).items()}


def source_snapshots(model_ids: list[int]) -> dict[int, list[SourceSnapshot]]:
    rows = FactSource.objects.filter(model__in=model_ids).values(
        "model_id", "field", "url", "checked_on"
    )
    return {
        pk: [
            SourceSnapshot(FactSource.Field(row["field"]).label, row["url"], row["checked_on"])
            for row in group
        ]
        for pk, group in _by_model(rows).items()
    }


def _by_model(rows) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.pop("model_id"), []).append(row)
    return grouped


def snapshot(
    model: LanguageModel,
    *,
    capabilities: Sequence[dict] = (),
    routes: Sequence[RouteSnapshot] = (),
    scores: Sequence[ScoreSnapshot] = (),
    sources: Sequence[SourceSnapshot] = (),
) -> ModelSnapshot:
    """A snapshot of a model fetched through ``snapshot_queryset``, with its capability
    statuses, live routes (cheapest first), benchmark results and sources."""
    license_ = model.license
    return ModelSnapshot(
        slug=model.slug,
        name=model.name,
        url=model.get_absolute_url(),
        lab_name=model.lab.name,
        lab_slug=model.lab.slug,
        family_slug=model.family.slug if model.family else "",
        family_name=model.family.name if model.family else "",
        release_date=model.release_date,
        knowledge_cutoff=model.knowledge_cutoff,
        context_window_tokens=model.context_window_tokens,
        max_output_tokens=model.max_output_tokens,
        total_parameters_b=model.total_parameters_b,
        active_parameters_b=model.active_parameters_b,
        architecture=model.architecture,
        license_name=license_.name if license_ else None,
        license_osi_approved=bool(license_ and license_.osi_approved),
        openness=license_.openness if license_ else None,
        commercial_use=license_.get_commercial_use_display() if license_ else None,
        best_for=model.best_for,
        summary=model.summary,
        use_cases=tuple(model.use_case_names),
        input_modalities=tuple(model.input_modalities),
        capabilities={row["slug"]: row["support"] for row in capabilities},
        capability_notes={row["slug"]: row["note"] for row in capabilities if row["note"]},
        capability_urls={
            row["slug"]: row["source_url"] for row in capabilities if row["source_url"]
        },
        routes=tuple(routes),
        scores=tuple(scores),
        lifecycle=model.lifecycle,
        deprecated_on=model.deprecated_on,
        retires_on=model.retires_on,
        is_retired=model.is_retired,
        last_listed=model.last_listed_text if model.is_retired else "",
        successor_name=model.successor_name or "",
        successor_slug=model.successor_slug or "",
        weights_url=model.weights_url,
        last_reviewed_on=model.last_reviewed_on,
        sources=tuple(sources),
    )


def snapshot_models(slugs) -> list[ModelSnapshot]:
    """Snapshots of the published models with these slugs, in the order of ``slugs``: the
    models, then their capability statuses, live routes, results and sources as plain
    values (five queries, no related rows built)."""
    models = list(snapshot_queryset().filter(slug__in=list(slugs)))
    ids = [model.pk for model in models]
    capabilities = capability_rows(ids)
    # Ranked here by catalog.routes' Python twin of cheapest_first(); equal routes (one
    # provider's several ids) by their id.
    routes = route_snapshots(
        Offering.objects.live().filter(model__in=ids).order_by("provider_model_id", "pk")
    )
    scores = score_snapshots(ids)
    sources = source_snapshots(ids)
    by_slug = {
        model.slug: snapshot(
            model,
            capabilities=capabilities.get(model.pk, []),
            routes=rank_routes(routes.get(model.pk, [])),
            scores=scores.get(model.pk, []),
            sources=sources.get(model.pk, []),
        )
        for model in models
    }
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def capability_refs() -> list[CapabilityRef]:
    return [
        CapabilityRef(slug, name) for slug, name in Capability.objects.values_list("slug", "name")
    ]
