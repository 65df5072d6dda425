"""The catalogue written in the bundled format (``catalog/data/README.md``), the format
``catalog.importers.bundled`` reads: ``manage.py export_catalogue DIR``.

Plain functions over prefetched querysets, a fixed number of queries whatever the size.
``catalogue_files()`` is deterministic (sorted keys, lists in a stable order, decimals
normalised), so that export -> ``load_catalogue`` into an empty database -> export is
byte-identical.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet

from catalog.importers.bundled import FACT_FIELDS
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    FaqEntry,
    Lab,
    LanguageModel,
    License,
    ModelCapability,
    ModelFamily,
    Offering,
    PriceRecord,
    Provider,
    ReviewStatus,
    UseCase,
)
from catalog.serialisation import decimal_string, dump_json, iso

REFERENCE_FILE = "reference.json"
# FactSource.field -> the model entry key its source vouches for (the loader's FACT_FIELDS).
FACT_KEYS = {str(field): key for key, field in FACT_FIELDS.items()}


def reference_data() -> dict[str, list[dict]]:
    return {
        "capabilities": [
            {
                "slug": c.slug,
                "name": c.name,
                "description": c.description,
                "position": c.position,
            }
            for c in Capability.objects.order_by("slug")
        ],
        "use_cases": [
            {"slug": u.slug, "name": u.name, "position": u.position}
            for u in UseCase.objects.order_by("slug")
        ],
        "licenses": [
            {
                "slug": lic.slug,
                "name": lic.name,
                "spdx_id": lic.spdx_id,
                "osi_approved": lic.osi_approved,
                "openness": lic.openness,
                "commercial_use": lic.commercial_use,
                "url": lic.url,
            }
            for lic in License.objects.order_by("slug")
        ],
        "providers": [
            {
                "slug": p.slug,
                "name": p.name,
                "kind": p.kind,
                "lab": p.lab.slug if p.lab else None,
                "website": p.website,
                "docs_url": p.docs_url,
                "pricing_url": p.pricing_url,
                **_review_status(p),
            }
            for p in Provider.objects.select_related("lab").order_by("slug")
        ],
        "benchmarks": [
            {
                "slug": b.slug,
                "name": b.name,
                "category": b.category,
                "metric": b.metric,
                "unit": b.unit,
                "higher_is_better": b.higher_is_better,
                "ranked_setting": b.ranked_setting,
                "is_index": b.is_index,
                "score_decimals": b.score_decimals,
                "min_score": decimal_string(b.min_score),
                "max_score": decimal_string(b.max_score),
                "url": b.url,
                "description": b.description,
                "aliases": list(b.aliases),
            }
            for b in Benchmark.objects.order_by("slug")
        ],
    }


def export_queryset() -> QuerySet:
    """Every model (published or not) with everything its catalogue entry holds."""
    return (
        LanguageModel.objects.select_related("lab", "family", "license", "successor")
        .prefetch_related(
            "aliases",
            "use_cases",
            "sources",
            Prefetch(
                "capability_statuses",
                queryset=ModelCapability.objects.select_related("capability"),
            ),
            Prefetch(
                "offerings",
                queryset=Offering.objects.select_related("provider").prefetch_related(
                    Prefetch(
                        "price_history",
                        queryset=PriceRecord.objects.order_by("effective_on", "recorded_at", "pk"),
                    )
                ),
            ),
            Prefetch(
                "benchmark_results",
                queryset=BenchmarkResult.objects.select_related("benchmark"),
            ),
            Prefetch(
                "faq_entries",
                queryset=FaqEntry.objects.filter(is_published=True).order_by(
                    "position", "question", "pk"
                ),
                to_attr="published_faq",
            ),
        )
        .order_by("slug")
    )


def _review_status(obj) -> dict:
    """The bundled format names a review status only where it is not "accepted"."""
    return (
        {} if obj.review_status == ReviewStatus.ACCEPTED else {"review_status": obj.review_status}
    )


def _optional(**values: str) -> dict:
    """Optional text keys of the bundled format, written only where set."""
    return {key: value for key, value in values.items() if value}


def _is_empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _sources(model: LanguageModel, entry: dict) -> tuple[dict | None, dict[str, dict]]:
    """The model's default ``source`` and the per-field ``sources`` that differ from it.

    The default's ``checked_on`` is the date most of the model card's fact sources carry
    (ties: the latest), so a reload recreates exactly the same FactSource rows.
    """
    facts = list(model.sources.all())
    default = None
    if model.source_url:
        seen = Counter(
            (f.checked_on, f.note) for f in facts if f.url == model.source_url
        ).most_common()
        if seen:
            top = seen[0][1]
            checked_on, note = max(
                (pair for pair, count in seen if count == top),
                key=lambda pair: (pair[0], pair[1] == "", pair[1]),
            )
        else:
            checked_on, note = model.last_reviewed_on, ""
        default = {"url": model.source_url, "checked_on": iso(checked_on), **_optional(note=note)}
    overrides = {}
    for fact in facts:
        key = FACT_KEYS.get(fact.field)
        if key is None:
            continue
        same = (
            default is not None
            and fact.url == default["url"]
            and iso(fact.checked_on) == default["checked_on"]
            and fact.note == default.get("note", "")
        )
        if same and not _is_empty(entry.get(key)):
            continue
        override = {"url": fact.url, "checked_on": iso(fact.checked_on)}
        if fact.note:
            override["note"] = fact.note
        overrides[key] = override
    return default, overrides


def _offering_entry(offering: Offering) -> dict:
    records = list(offering.price_history.all())
    current = records.pop() if records else None
    entry = {
        "provider": offering.provider.slug,
        "provider_model_id": offering.provider_model_id,
        "input": decimal_string(offering.input_usd_per_mtok),
        "output": decimal_string(offering.output_usd_per_mtok),
        "cached_input": decimal_string(offering.cached_input_usd_per_mtok),
        "cache_write": decimal_string(offering.cache_write_usd_per_mtok),
        "batch_discount_percent": decimal_string(offering.batch_discount_percent),
        "long_context": None,
        "context_window_tokens": offering.context_window_tokens,
        "max_output_tokens": offering.max_output_tokens,
        "status": offering.status,
        "deprecated_on": iso(offering.deprecated_on),
        "retires_on": iso(offering.retires_on),
        "source_url": offering.source_url,
        "last_verified_on": iso(offering.last_verified_on),
        "history": [],
        **_optional(kind=offering.kind, source_note=offering.source_note),
        **_review_status(offering),
    }
    if (
        offering.long_context_threshold_tokens is not None
        or offering.long_context_input_usd_per_mtok is not None
        or offering.long_context_output_usd_per_mtok is not None
    ):
        entry["long_context"] = {
            "threshold_tokens": offering.long_context_threshold_tokens,
            "input": decimal_string(offering.long_context_input_usd_per_mtok),
            "output": decimal_string(offering.long_context_output_usd_per_mtok),
        }
    if current is not None and current.effective_on != offering.last_verified_on:
        entry["price_since"] = iso(current.effective_on)
    for record in records:
        past = {
            "effective_on": iso(record.effective_on),
            "input": decimal_string(record.input_usd_per_mtok),
            "output": decimal_string(record.output_usd_per_mtok),
        }
        if record.cached_input_usd_per_mtok is not None:
            past["cached_input"] = decimal_string(record.cached_input_usd_per_mtok)
        if record.cache_write_usd_per_mtok is not None:
            past["cache_write"] = decimal_string(record.cache_write_usd_per_mtok)
        if record.source_url != offering.source_url:
            past["source_url"] = record.source_url
        entry["history"].append(past)
    return entry


def model_entry(model: LanguageModel) -> dict:
    """One model in the bundled format (``model`` from ``export_queryset``)."""
    entry: dict[str, Any] = {
        "slug": model.slug,
        "name": model.name,
        "lab": model.lab.slug,
        "family": model.family.slug if model.family else None,
        "family_position": model.family_position,
        "release_date": iso(model.release_date),
        "knowledge_cutoff": model.knowledge_cutoff,
        "context_window_tokens": model.context_window_tokens,
        "max_output_tokens": model.max_output_tokens,
        "total_parameters_b": decimal_string(model.total_parameters_b),
        "active_parameters_b": decimal_string(model.active_parameters_b),
        "architecture": model.architecture,
        "license": model.license.slug if model.license else None,
        "input_modalities": list(model.input_modalities),
        "output_modalities": list(model.output_modalities),
        "use_cases": sorted(u.slug for u in model.use_cases.all()),
        "best_for": model.best_for,
        "summary": model.summary,
        "body": model.body,
        "lifecycle": model.lifecycle,
        "deprecated_on": iso(model.deprecated_on),
        "retires_on": iso(model.retires_on),
        "successor": model.successor.slug if model.successor else None,
        "weights_url": model.weights_url,
        "published": model.is_published,
        **_review_status(model),
        "last_reviewed_on": iso(model.last_reviewed_on),
        "aliases": [
            {"identifier": a.identifier, "kind": a.kind}
            for a in sorted(model.aliases.all(), key=lambda a: a.identifier.lower())
        ],
        "capabilities": {
            s.capability.slug: ({"support": s.support, "note": s.note} if s.note else s.support)
            for s in model.capability_statuses.all()
        },
    }
    entry["source"], entry["sources"] = _sources(model, entry)
    entry["offerings"] = [
        _offering_entry(o)
        for o in sorted(model.offerings.all(), key=lambda o: (o.provider.slug, o.provider_model_id))
    ]
    reviewed = iso(model.last_reviewed_on)
    results = []
    for r in sorted(
        model.benchmark_results.all(),
        key=lambda r: (r.benchmark.slug, r.setting, r.setting_detail),
    ):
        result = {
            "benchmark": r.benchmark.slug,
            "score": decimal_string(r.score),
            "setting": r.setting,
            "setting_detail": r.setting_detail,
            "harness": r.harness,
            "reported_by": r.reported_by,
            "source_url": r.source_url,
            "measured_on": iso(r.measured_on),
            **_optional(source_note=r.source_note),
        }
        if r.checked_on is not None and iso(r.checked_on) != reviewed:
            result["checked_on"] = iso(r.checked_on)
        results.append(result)
    entry["benchmarks"] = results
    entry["faq"] = [{"question": f.question, "answer": f.answer} for f in model.published_faq]
    return entry


def lab_file_name(lab: Lab) -> str:
    name = f"{lab.slug}.json"
    return f"lab-{name}" if name == REFERENCE_FILE else name


def catalogue_files() -> dict[str, dict]:
    """File name -> content of the whole catalogue in the bundled format.

    ``reference.json`` holds the shared vocabulary; each lab has its own file with the lab,
    its families and its models. Site-wide FAQ entries and unpublished FAQ answers are not
    part of the format and are left out.
    """
    files: dict[str, dict] = {REFERENCE_FILE: reference_data()}
    families: dict[int, list[ModelFamily]] = {}
    for family in ModelFamily.objects.select_related("lab").order_by("slug"):
        families.setdefault(family.lab_id, []).append(family)
    models: dict[int, list[LanguageModel]] = {}
    for model in export_queryset():
        models.setdefault(model.lab_id, []).append(model)
    for lab in Lab.objects.order_by("slug"):
        files[lab_file_name(lab)] = {
            "labs": [
                {
                    "slug": lab.slug,
                    "name": lab.name,
                    "website": lab.website,
                    "country": lab.country,
                    "description": lab.description,
                }
            ],
            "families": [
                {
                    "slug": f.slug,
                    "name": f.name,
                    "lab": lab.slug,
                    "description": f.description,
                }
                for f in families.get(lab.pk, [])
            ],
            "models": [model_entry(m) for m in models.get(lab.pk, [])],
        }
    return files


def write_catalogue(directory: Path, files: dict[str, dict] | None = None) -> list[Path]:
    """Write ``files`` (default: ``catalogue_files()``) into ``directory``; return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted((files if files is not None else catalogue_files()).items()):
        path = directory / name
        path.write_text(dump_json(data), encoding="utf-8")
        written.append(path)
    return written
