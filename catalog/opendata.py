"""Open data: the published catalogue as rows for ``catalog.api`` (JSON and CSV), with the
querysets that fetch them (a fixed number of queries whatever the size)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from catalog.models import (
    Benchmark,
    BenchmarkResult,
    LanguageModel,
    ModelCapability,
    Offering,
    PriceRecord,
    Provider,
    UseCase,
    without_bookkeeping,
)
from catalog.serialisation import decimal_string, iso


def _provenance(facts) -> list[dict]:
    return [
        {
            "field": f.field,
            "url": f.url,
            "checked_on": iso(f.checked_on),
            **({"note": f.note} if f.note else {}),
        }
        for f in facts
    ]


def model_queryset() -> QuerySet:
    related = ("lab", "family", "license", "successor")
    return (
        without_bookkeeping(LanguageModel.objects.published(), *related)
        .with_cheapest_route()
        .select_related(*related)
        .prefetch_related(
            "aliases",
            Prefetch("use_cases", queryset=UseCase.objects.only("slug")),
            "sources",
            Prefetch(
                "capability_statuses",
                queryset=ModelCapability.objects.select_related("capability").only(
                    "model_id", "support", "capability__slug"
                ),
            ),
        )
        .order_by("slug")
    )


def model_row(model: LanguageModel) -> dict:
    """A published model as open data (``model`` from ``model_queryset``)."""
    license_ = model.license
    return {
        "slug": model.slug,
        "name": model.name,
        "url": model.get_absolute_url(),
        "lab": {"slug": model.lab.slug, "name": model.lab.name},
        "family": model.family.slug if model.family else None,
        "release_date": iso(model.release_date),
        "knowledge_cutoff": model.knowledge_cutoff or None,
        "context_window_tokens": model.context_window_tokens,
        "max_output_tokens": model.max_output_tokens,
        "total_parameters_b": decimal_string(model.total_parameters_b),
        "active_parameters_b": decimal_string(model.active_parameters_b),
        "architecture": model.architecture or None,
        "license": (
            {
                "slug": license_.slug,
                "name": license_.name,
                "spdx_id": license_.spdx_id or None,
                "openness": license_.openness,
                "commercial_use": license_.commercial_use,
            }
            if license_
            else None
        ),
        "input_modalities": list(model.input_modalities),
        "output_modalities": list(model.output_modalities),
        "capabilities": {s.capability.slug: s.support for s in model.capability_statuses.all()},
        "use_cases": sorted(u.slug for u in model.use_cases.all()),
        "aliases": [{"identifier": a.identifier, "kind": a.kind} for a in model.aliases.all()],
        "lifecycle": model.lifecycle,
        "deprecated_on": iso(model.deprecated_on),
        "retires_on": iso(model.retires_on),
        "successor": (
            model.successor.slug if model.successor and model.successor.is_published else None
        ),
        "weights_url": model.weights_url or None,
        "cheapest_input_usd_per_mtok": decimal_string(model.cheapest_input_usd_per_mtok),
        "cheapest_output_usd_per_mtok": decimal_string(model.cheapest_output_usd_per_mtok),
        "cheapest_provider": model.cheapest_provider_name,
        "retired": model.is_retired,
        "last_listed": (
            {
                "input_usd_per_mtok": decimal_string(model.last_listed_input_usd_per_mtok),
                "output_usd_per_mtok": decimal_string(model.last_listed_output_usd_per_mtok),
                "provider": model.last_listed_provider_name,
                "retired_on": iso(model.retires_on),
            }
            if model.is_retired
            else None
        ),
        "source_url": model.source_url or None,
        "sources": _provenance(model.sources.all()),
        "last_reviewed_on": iso(model.last_reviewed_on),
    }


# What an offering's rows read: its own columns but the import bookkeeping, and a few of its
# model's and provider's (their wide text and JSON columns would be most of the transfer:
# the whole CSV at 100,000 offerings took 50 s with them, 8 s without).
OFFERING_ROW_FIELDS = (
    *(
        field.name
        for field in Offering._meta.concrete_fields
        if field.name not in {"locked_fields", "imported_values"}
    ),
    "model__slug",
    "model__name",
    "provider__slug",
    "provider__name",
    "provider__kind",
)


def offering_queryset() -> QuerySet:
    return (
        Offering.objects.accepted()
        .of_published_models()
        .select_related("model", "provider")
        .only(*OFFERING_ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "price_history",
                queryset=PriceRecord.objects.order_by("effective_on", "recorded_at", "pk"),
            )
        )
        .order_by("model__slug", "provider__slug", "provider_model_id")
    )


def offering_row(offering: Offering, *, history: bool = True) -> dict:
    row = {
        "id": offering.pk,
        "model": offering.model.slug,
        "provider": offering.provider.slug,
        "provider_model_id": offering.provider_model_id,
        "kind": offering.route_kind,
        "billable": offering.is_billable,
        "input_usd_per_mtok": decimal_string(offering.input_usd_per_mtok),
        "output_usd_per_mtok": decimal_string(offering.output_usd_per_mtok),
        "cached_input_usd_per_mtok": decimal_string(offering.cached_input_usd_per_mtok),
        "cache_write_usd_per_mtok": decimal_string(offering.cache_write_usd_per_mtok),
        "batch_discount_percent": decimal_string(offering.batch_discount_percent),
        "long_context_threshold_tokens": offering.long_context_threshold_tokens,
        "long_context_input_usd_per_mtok": decimal_string(offering.long_context_input_usd_per_mtok),
        "long_context_output_usd_per_mtok": decimal_string(
            offering.long_context_output_usd_per_mtok
        ),
        "context_window_tokens": offering.context_window_tokens,
        "max_output_tokens": offering.max_output_tokens,
        "status": offering.status,
        "deprecated_on": iso(offering.deprecated_on),
        "retires_on": iso(offering.retires_on),
        "source_url": offering.source_url or None,
        "source_note": offering.source_note or None,
        "last_verified_on": iso(offering.last_verified_on),
    }
    if history:
        row["price_history"] = [
            {
                "effective_on": iso(r.effective_on),
                "input_usd_per_mtok": decimal_string(r.input_usd_per_mtok),
                "output_usd_per_mtok": decimal_string(r.output_usd_per_mtok),
                "cached_input_usd_per_mtok": decimal_string(r.cached_input_usd_per_mtok),
                "cache_write_usd_per_mtok": decimal_string(r.cache_write_usd_per_mtok),
                "source_url": r.source_url or None,
            }
            for r in offering.price_history.all()
        ]
    return row


def provider_queryset() -> QuerySet:
    return Provider.objects.public().select_related("lab").order_by("slug")


def provider_row(provider: Provider) -> dict:
    return {
        "slug": provider.slug,
        "name": provider.name,
        "url": provider.get_absolute_url(),
        "kind": provider.kind,
        "lab": provider.lab.slug if provider.lab else None,
        "website": provider.website or None,
        "docs_url": provider.docs_url or None,
        "pricing_url": provider.pricing_url or None,
    }


def benchmark_queryset() -> QuerySet:
    """Benchmarks with at least one published model's result, each with their count."""
    published = Q(results__model__is_published=True)
    return (
        without_bookkeeping(Benchmark.objects.filter(published))
        .annotate(result_count=Count("results", filter=published))
        .order_by("slug")
    )


def benchmark_row(benchmark: Benchmark) -> dict:
    return {
        "slug": benchmark.slug,
        "name": benchmark.name,
        "url": benchmark.get_absolute_url(),
        "category": benchmark.category,
        "metric": benchmark.metric,
        "unit": benchmark.unit,
        "higher_is_better": benchmark.higher_is_better,
        "ranked_setting": benchmark.ranked_setting,
        "is_index": benchmark.is_index,
        "score_decimals": benchmark.score_decimals,
        "min_score": decimal_string(benchmark.min_score),
        "max_score": decimal_string(benchmark.max_score),
        "source_url": benchmark.url or None,
        "result_count": benchmark.result_count,
    }


def result_queryset() -> QuerySet:
    """Every published model's benchmark results, by benchmark, model and setting (the
    unique key: a total order)."""
    return (
        BenchmarkResult.objects.of_published_models()
        .select_related("benchmark", "model")
        .only(
            *(f.name for f in BenchmarkResult._meta.concrete_fields),
            "benchmark__slug",
            "benchmark__ranked_setting",
            "model__slug",
        )
        .order_by("benchmark__slug", "model__slug", "setting", "setting_detail")
    )


def result_row(result: BenchmarkResult) -> dict:
    return {
        "benchmark": result.benchmark.slug,
        "model": result.model.slug,
        "score": decimal_string(result.score),
        "setting": result.setting,
        "setting_detail": result.setting_detail,
        "ranked": result.setting == result.benchmark.ranked_setting,
        "harness": result.harness,
        "reported_by": result.reported_by,
        "source_url": result.source_url or None,
        "source_note": result.source_note or None,
        "measured_on": iso(result.measured_on),
        "checked_on": iso(result.checked_on),
    }


# The CSV files: each column and what it reads (a ``values_list`` path or an annotation), so a
# row is one tuple from the database and no model instance is built: the offerings file at
# 100,000 routes streams in about a second.
MODEL_CSV_COLUMNS = {
    "slug": "slug",
    "name": "name",
    "lab": "lab__slug",
    "release_date": "release_date",
    "knowledge_cutoff": "knowledge_cutoff",
    "context_window_tokens": "context_window_tokens",
    "max_output_tokens": "max_output_tokens",
    "total_parameters_b": "total_parameters_b",
    "active_parameters_b": "active_parameters_b",
    "license": "license__slug",
    "openness": "license__openness",
    "input_modalities": "input_modalities",
    "output_modalities": "output_modalities",
    "lifecycle": "lifecycle",
    "cheapest_provider": "cheapest_provider_name",
    "cheapest_input_usd_per_mtok": "cheapest_input_usd_per_mtok",
    "cheapest_output_usd_per_mtok": "cheapest_output_usd_per_mtok",
    "source_url": "source_url",
    "last_reviewed_on": "last_reviewed_on",
}
OFFERING_CSV_COLUMNS = {
    "model": "model__slug",
    "model_name": "model__name",
    "provider": "provider__slug",
    "provider_name": "provider__name",
    "provider_model_id": "provider_model_id",
    "input_usd_per_mtok": "input_usd_per_mtok",
    "output_usd_per_mtok": "output_usd_per_mtok",
    "cached_input_usd_per_mtok": "cached_input_usd_per_mtok",
    "cache_write_usd_per_mtok": "cache_write_usd_per_mtok",
    "batch_discount_percent": "batch_discount_percent",
    "status": "status",
    "source_url": "source_url",
    "last_verified_on": "last_verified_on",
}


MODELS_PER_CHUNK = 500  # offerings.csv reads the routes of this many models at a time


def model_csv_rows(chunk_size: int) -> Iterator[tuple]:
    """The rows of models.csv (MODEL_CSV_COLUMNS), by slug, ``chunk_size`` a round trip."""
    models = LanguageModel.objects.published().with_cheapest_route().order_by("slug")
    return models.values_list(*MODEL_CSV_COLUMNS.values()).iterator(chunk_size=chunk_size)


def offering_csv_rows() -> Iterator[tuple]:
    """The rows of offerings.csv (OFFERING_CSV_COLUMNS) in the JSON's order, the routes of
    MODELS_PER_CHUNK models (by slug) at a time: the first rows leave at once, where one
    ORDER BY over every route sorted them all first (100,000 rows, on disk: 0.5 s)."""
    fields = OFFERING_CSV_COLUMNS.values()
    models = LanguageModel.objects.published().order_by("slug").values_list("pk", flat=True)
    for chunk in itertools.batched(models, MODELS_PER_CHUNK, strict=False):
        yield from offering_queryset().filter(model__in=chunk).values_list(*fields)


# How the CSV writes a database value (others as they are): unknown empty, decimals and
# dates as in the JSON, a list (modalities) space-separated. Keyed by type: one lookup a cell.
CSV_FORMATS: dict[type, Callable[[Any], str]] = {
    type(None): lambda value: "",
    Decimal: decimal_string,
    dt.date: dt.date.isoformat,
    list: " ".join,
}


def csv_cells(row: tuple) -> list:
    return [
        value if (write := CSV_FORMATS.get(type(value))) is None else write(value) for value in row
    ]
