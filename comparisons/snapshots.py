"""Plain, typed snapshots of catalogue models: what the comparison logic reads.

The analysis never touches the ORM; ``snapshot_models`` loads everything a comparison
needs in a fixed number of queries and turns it into these frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property, lru_cache

from django.db.models import CharField, Expression, F, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from catalog.compiled import any_given, run
from catalog.formatting import format_last_listed, format_setting
from catalog.models import (
    PRICE_FIELDS,
    BenchmarkResult,
    BenchmarkSetting,
    Capability,
    FactSource,
    Lab,
    LanguageModel,
    License,
    ModelCapability,
    ModelFamily,
    Offering,
    RouteFacts,
    batch_price,
    lifecycle_is_retired,
)
from catalog.route_summary import listed_columns
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

    @cached_property  # read by every price row and cost: kept (a snapshot does not change)
    def billable_routes(self) -> tuple[RouteSnapshot, ...]:
        """The routes that may be the cheapest or price a month (not free tiers, plans...)."""
        return tuple(route for route in self.routes if route.is_billable)

    @cached_property
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


# What a snapshot reads of a model's own row (its lab's, family's, license's and successor's
# columns are annotated: ``_models_query``).
MODEL_FIELDS = (
    "id",
    "slug",
    "name",
    "release_date",
    "knowledge_cutoff",
    "context_window_tokens",
    "max_output_tokens",
    "total_parameters_b",
    "active_parameters_b",
    "architecture",
    "best_for",
    "summary",
    "input_modalities",
    "lifecycle",
    "deprecated_on",
    "retires_on",
    "weights_url",
    "last_reviewed_on",
)
COMMERCIAL_USE_LABELS = dict(License.CommercialUse.choices)


# The related rows' columns a snapshot shows: each read by a scalar subquery on its key,
# which PostgreSQL plans in less time than the joins (~0.3 ms a page).
RELATED_COLUMNS = {
    "lab_name": (Lab, "lab_id", "name"),
    "lab_key": (Lab, "lab_id", "slug"),
    "family_key": (ModelFamily, "family_id", "slug"),
    "family_name": (ModelFamily, "family_id", "name"),
    "license_name": (License, "license_id", "name"),
    "license_osi_approved": (License, "license_id", "osi_approved"),
    "license_openness": (License, "license_id", "openness"),
    "license_commercial_use": (License, "license_id", "commercial_use"),
    "successor_name": (LanguageModel, "successor_id", "name"),
    "successor_slug": (LanguageModel, "successor_id", "slug"),
}


def _models_query(listed: tuple[tuple[str, Expression], ...]) -> tuple[str, tuple]:
    """The published models named by the ``slugs`` given, as plain values: their own
    columns, the related rows' few they show, use cases and last-listed price (``listed``:
    ``with_last_listed_price``'s annotations)."""
    listed = dict(listed)
    related = {
        name: Subquery(model.objects.filter(pk=OuterRef(key)).values(column))
        for name, (model, key, column) in RELATED_COLUMNS.items()
    }
    return (
        LanguageModel.objects.published()
        .filter(any_given("slug", "slugs", CharField))
        .with_use_case_names()
        .annotate(**listed, **related)
        .order_by()
        .values(*MODEL_FIELDS, "use_case_names", *listed, *related)
        .query.sql_with_params()
    )


_stored_models_sql = cache(_models_query)  # over the stored last-listed columns


def model_rows(slugs: list[str]) -> list[dict]:
    """``_models_query``'s rows: compiled once per process while the stored route summaries
    hold (the last-listed price then is a stored column), else each time."""
    listed = listed_columns()
    if all(isinstance(column, F) for column in listed.values()):
        compiled = _stored_models_sql(tuple(listed.items()))
    else:
        compiled = _models_query(tuple(listed.items()))
    return run(compiled, slugs=slugs)


@cache
def _capabilities_sql() -> tuple[str, tuple]:
    return (
        ModelCapability.objects.filter(any_given("model", "ids", IntegerField))
        .values("model_id", "support", "note", "source_url", slug=F("capability__slug"))
        .query.sql_with_params()
    )


@lru_cache(maxsize=1)
def _routes_sql(today: dt.date) -> tuple[str, tuple]:
    # Ranked here by catalog.routes' Python twin of cheapest_first(); equal routes (one
    # provider's several ids) by their id. live()'s model half (a retired model has no live
    # route) is read off the model's own row (snapshot_models): no join to plan.
    return (
        Offering.objects.unretired(today)
        .filter(any_given("model", "ids", IntegerField))
        .order_by("provider_model_id", "pk")
        .values("model_id", *ROUTE_FIELDS, **PROVIDER_COLUMNS)
        .query.sql_with_params()
    )


@cache
def _scores_sql() -> tuple[str, tuple]:
    return (
        BenchmarkResult.objects.filter(any_given("model", "ids", IntegerField))
        .values(
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
        .query.sql_with_params()
    )


@cache
def _sources_sql() -> tuple[str, tuple]:
    return (
        FactSource.objects.filter(any_given("model", "ids", IntegerField))
        .values("model_id", "field", "url", "checked_on")
        .query.sql_with_params()
    )


def capability_rows(model_ids: list[int]) -> dict[int, list[dict]]:
    return _by_model(run(_capabilities_sql(), ids=model_ids))


def route_snapshots(model_ids: list[int], today: dt.date) -> dict[int, list[RouteSnapshot]]:
    """The models' unretired routes as RouteSnapshots by model id, by provider model id then
    id (one query that builds no Offering or Provider rows): live routes of the models that
    are not retired themselves."""
    rows = run(_routes_sql(today), ids=model_ids)
    return {pk: [RouteSnapshot(**row) for row in group] for pk, group in _by_model(rows).items()}


def score_snapshots(model_ids: list[int]) -> dict[int, list[ScoreSnapshot]]:
    rows = run(_scores_sql(), ids=model_ids)
    return {pk: [ScoreSnapshot(**row) for row in group] for pk, group in _by_model(rows).items()}


def source_snapshots(model_ids: list[int]) -> dict[int, list[SourceSnapshot]]:
    rows = run(_sources_sql(), ids=model_ids)
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
    row: dict,
    *,
    capabilities: Sequence[dict] = (),
    routes: Sequence[RouteSnapshot] = (),
    scores: Sequence[ScoreSnapshot] = (),
    sources: Sequence[SourceSnapshot] = (),
) -> ModelSnapshot:
    """A snapshot of a model read by ``model_rows``, with its capability statuses, live
    routes (cheapest first), benchmark results and sources."""
    has_license = row["license_name"] is not None
    is_retired = lifecycle_is_retired(row["lifecycle"], row["retires_on"])
    commercial_use = row["license_commercial_use"]
    return ModelSnapshot(
        slug=row["slug"],
        name=row["name"],
        url=reverse("catalog:model-detail", args=[row["slug"]]),
        lab_name=row["lab_name"],
        lab_slug=row["lab_key"],
        family_slug=row["family_key"] or "",
        family_name=row["family_name"] or "",
        release_date=row["release_date"],
        knowledge_cutoff=row["knowledge_cutoff"],
        context_window_tokens=row["context_window_tokens"],
        max_output_tokens=row["max_output_tokens"],
        total_parameters_b=row["total_parameters_b"],
        active_parameters_b=row["active_parameters_b"],
        architecture=row["architecture"],
        license_name=row["license_name"],
        license_osi_approved=bool(row["license_osi_approved"]),
        openness=row["license_openness"] if has_license else None,
        commercial_use=COMMERCIAL_USE_LABELS.get(commercial_use, commercial_use)
        if has_license
        else None,
        best_for=row["best_for"],
        summary=row["summary"],
        use_cases=tuple(row["use_case_names"]),
        input_modalities=tuple(row["input_modalities"]),
        capabilities={c["slug"]: c["support"] for c in capabilities},
        capability_notes={c["slug"]: c["note"] for c in capabilities if c["note"]},
        capability_urls={c["slug"]: c["source_url"] for c in capabilities if c["source_url"]},
        routes=tuple(routes),
        scores=tuple(scores),
        lifecycle=row["lifecycle"],
        deprecated_on=row["deprecated_on"],
        retires_on=row["retires_on"],
        is_retired=is_retired,
        last_listed=format_last_listed(
            row["last_listed_input_usd_per_mtok"],
            row["last_listed_output_usd_per_mtok"],
            row["last_listed_provider_name"],
            retired_on=row["retires_on"],
        )
        if is_retired
        else "",
        successor_name=row["successor_name"] or "",
        successor_slug=row["successor_slug"] or "",
        weights_url=row["weights_url"],
        last_reviewed_on=row["last_reviewed_on"],
        sources=tuple(sources),
    )


def snapshot_models(slugs) -> list[ModelSnapshot]:
    """Snapshots of the published models with these slugs, in the order of ``slugs``: the
    models, then their capability statuses, live routes, results and sources, each read as
    plain values by a query compiled once per process (five queries, no rows built)."""
    slugs = list(slugs)
    models = model_rows(slugs)
    if not models:
        return []
    ids = [row["id"] for row in models]
    today = timezone.localdate()
    capabilities = capability_rows(ids)
    serving = [
        row["id"]
        for row in models
        if not lifecycle_is_retired(row["lifecycle"], row["retires_on"], today)
    ]
    routes = route_snapshots(serving, today)
    scores = score_snapshots(ids)
    sources = source_snapshots(ids)
    by_slug = {
        row["slug"]: snapshot(
            row,
            capabilities=capabilities.get(row["id"], []),
            routes=rank_routes(routes.get(row["id"], [])),
            scores=scores.get(row["id"], []),
            sources=sources.get(row["id"], []),
        )
        for row in models
    }
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def capability_refs() -> list[CapabilityRef]:
    return [CapabilityRef(**row) for row in run(_capability_refs_sql())]


@cache
def _capability_refs_sql() -> tuple[str, tuple]:
    return Capability.objects.values("slug", "name").query.sql_with_params()
