"""Load the bundled catalogue (``catalog/data/*.json``, format in its README).

Loading is idempotent and atomic: objects are matched by their natural keys and saved
only when a value differs, and any error rolls the whole load back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

from catalog.importers.bookkeeping import BUNDLED, Bookkeeping, canonical
from catalog.importers.report import cut, shown
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    FactSource,
    FaqEntry,
    Lab,
    LanguageModel,
    License,
    ModelAlias,
    ModelCapability,
    ModelFamily,
    Offering,
    PriceRecord,
    Provider,
    ReviewStatus,
    UseCase,
)

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "data"
SECTIONS = (
    "labs",
    "families",
    "licenses",
    "capabilities",
    "use_cases",
    "providers",
    "benchmarks",
    "models",
)
# The model fields a model's `source` vouches for, and the FactSource field naming each.
FACT_FIELDS = {
    "release_date": FactSource.Field.RELEASE_DATE,
    "knowledge_cutoff": FactSource.Field.KNOWLEDGE_CUTOFF,
    "context_window_tokens": FactSource.Field.CONTEXT_WINDOW,
    "max_output_tokens": FactSource.Field.MAX_OUTPUT,
    "total_parameters_b": FactSource.Field.PARAMETERS,
    "architecture": FactSource.Field.ARCHITECTURE,
    "license": FactSource.Field.LICENSE,
    "input_modalities": FactSource.Field.MODALITIES,
    "capabilities": FactSource.Field.CAPABILITIES,
    "lifecycle": FactSource.Field.LIFECYCLE,
}


class CatalogueError(Exception):
    """The catalogue files are malformed; the message names the file and the entry."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        lines += [f"kept editor's edit: {cut(line)}" for line in self.kept]
        return "\n".join([*lines, self.outcome()])

    def outcome(self) -> str:
        changes = f"{self.changes} change(s)" if self.changes else "no changes"
        return f"{changes}; {len(self.kept)} editor's edit(s) kept."


def read_catalogue(directory: Path) -> dict[str, list[tuple[str, dict]]]:
    """Merge every JSON file of ``directory``: section -> [(file name, entry)]."""
    files = sorted(Path(directory).glob("*.json"))
    if not files:
        raise CatalogueError(f"No catalogue files (*.json) in {directory}.")
    merged: dict[str, list[tuple[str, dict]]] = {section: [] for section in SECTIONS}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CatalogueError(f"{path.name}: not readable JSON ({error}).") from error
        if not isinstance(data, dict):
            raise CatalogueError(f"{path.name}: the top level must be an object.")
        unknown = set(data) - set(SECTIONS)
        if unknown:
            raise CatalogueError(f"{path.name}: unknown section(s) {', '.join(sorted(unknown))}.")
        for section, entries in data.items():
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise CatalogueError(f"{path.name}: “{section}” must be a list of objects.")
            merged[section].extend((path.name, entry) for entry in entries)
    for section, entries in merged.items():
        seen = Counter(entry.get("slug") for _, entry in entries)
        doubles = sorted(str(slug) for slug, count in seen.items() if count > 1)
        if doubles:
            raise CatalogueError(f"{section}: slug(s) defined twice: {', '.join(doubles)}.")
    return merged


class _Loader:
    def __init__(self, report: LoadReport):
        self.report = report
        self.where = ""
        self.labs: dict[str, Lab] = {}
        self.families: dict[str, ModelFamily] = {}
        self.licenses: dict[str, License] = {}
        self.capabilities: dict[str, Capability] = {}
        self.use_cases: dict[str, UseCase] = {}
        self.providers: dict[str, Provider] = {}
        self.benchmarks: dict[str, Benchmark] = {}
        self.models: dict[str, LanguageModel] = {}
        self.dirty_owners: dict[int, models.Model] = {}

    # Parsing -------------------------------------------------------------------------------
    def fail(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.where}: {message}")

    def required(self, entry: dict, key: str) -> Any:
        if entry.get(key) in (None, ""):
            raise self.fail(f"“{key}” is required.")
        return entry[key]

    def decimal(self, value: Any, key: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise self.fail(f"“{key}” must be a decimal string, not a float ({value}).")
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise self.fail(f"“{key}” is not a number: {value!r}.") from error
        if not number.is_finite() or number < 0:
            raise self.fail(f"“{key}” must be a non-negative number: {value!r}.")
        return number

    def date(self, value: Any, key: str) -> dt.date | None:
        if value in (None, ""):
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise self.fail(f"“{key}” is not an ISO date: {value!r}.") from error

    def review_status(self, entry: dict) -> dict:
        """``review_status`` where the entry gives it; absent keys leave the row's status."""
        if "review_status" not in entry:
            return {}
        if entry["review_status"] not in ReviewStatus.values:
            raise self.fail(f"“review_status” is not one of {', '.join(ReviewStatus.values)}.")
        return {"review_status": entry["review_status"]}

    def lookup(self, table: dict, slug: Any, key: str, *, optional: bool = False):
        if slug in (None, "") and optional:
            return None
        try:
            return table[slug]
        except (KeyError, TypeError):
            raise self.fail(f"“{key}” names an unknown slug: {slug!r}.") from None

    # Writing -------------------------------------------------------------------------------
    def upsert(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        *,
        extra=None,
        owner: models.Model | None = None,
        key: str = "",
        obj: models.Model | None = None,
        main: str = "",
    ):
        """Create or update one object by the editor rule (``bookkeeping.decide``); save only
        when a value changes. The bookkeeping lives on the object itself when it has one,
        else on ``owner`` (a model or offering) under keys starting with ``key`` (the
        ``main`` field's key is ``key`` itself, as the importers name it)."""
        kind = model._meta.verbose_name_plural
        obj = obj or model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup, **values)
        keeper = Bookkeeping(owner if owner is not None else obj, BUNDLED)
        changed = []
        for name, value in values.items():
            field_key = key if name == main else f"{key}.{name}" if key else name
            if created:
                if value not in (None, "", [], {}):
                    keeper.remember(field_key, value)
                continue
            current = getattr(obj, obj._meta.get_field(name).attname)
            decision = keeper.decide(field_key, current, value)
            if decision == "set":
                setattr(obj, name, value)
                changed.append(name)
            elif decision in ("edited", "locked"):
                why = "locked" if decision == "locked" else "kept editor's edit"
                self.report.kept.append(
                    f"{self.where}: {field_key}: {why}: {shown(canonical(current))} "
                    f"(the catalogue says {shown(canonical(value))})"
                )
        remembered = keeper.save_to_row()
        if owner is not None and remembered:
            self.dirty_owners[id(owner)] = owner
        if not created and not changed:
            if remembered and owner is None:
                type(obj).objects.filter(pk=obj.pk).update(imported_values=obj.imported_values)
            self.report.unchanged[kind] += 1
            return obj
        if extra:
            extra(obj)
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                obj.save()
        except ValidationError as error:
            problems = "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in getattr(error, "message_dict", {"": error.messages}).items()
            )
            raise self.fail(f"invalid {model._meta.verbose_name}: {problems}") from error
        except DatabaseError as error:
            raise self.fail(f"the database refused {model._meta.verbose_name}: {error}") from error
        getattr(self.report, "created" if created else "updated")[kind] += 1
        return obj

    def save_owners(self) -> None:
        """Write the bookkeeping children left on their model or offering."""
        for owner in self.dirty_owners.values():
            type(owner).objects.filter(pk=owner.pk).update(imported_values=owner.imported_values)
        self.dirty_owners.clear()

    def load(self, catalogue: dict[str, list[tuple[str, dict]]]) -> None:
        self.load_simple(catalogue)
        for name, entry in catalogue["models"]:
            self.where = f"{name}: model {entry.get('slug')!r}"
            self.models[self.required(entry, "slug")] = self.load_model(entry)
        # Successors may point at models of any file, so they are linked once all exist.
        for name, entry in catalogue["models"]:
            self.where = f"{name}: model {entry.get('slug')!r}"
            model = self.models[entry["slug"]]
            successor = self.lookup(self.models, entry.get("successor"), "successor", optional=True)
            self.upsert(LanguageModel, {"pk": model.pk}, {"successor": successor}, obj=model)
            self.load_model_children(model, entry)
        self.save_owners()

    def load_simple(self, catalogue: dict[str, list[tuple[str, dict]]]) -> None:
        def each(section: str):
            for name, entry in catalogue[section]:
                self.where = f"{name}: {section} {entry.get('slug')!r}"
                yield self.required(entry, "slug"), entry

        for slug, entry in each("labs"):
            self.labs[slug] = self.upsert(
                Lab,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "website": entry.get("website", ""),
                    "country": entry.get("country", ""),
                    "description": entry.get("description", ""),
                },
            )
        for slug, entry in each("families"):
            self.families[slug] = self.upsert(
                ModelFamily,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "lab": self.lookup(self.labs, entry.get("lab"), "lab"),
                    "description": entry.get("description", ""),
                },
            )
        for slug, entry in each("licenses"):
            self.licenses[slug] = self.upsert(
                License,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "spdx_id": entry.get("spdx_id", ""),
                    "osi_approved": bool(entry.get("osi_approved", False)),
                    "openness": self.required(entry, "openness"),
                    "commercial_use": self.required(entry, "commercial_use"),
                    "url": entry.get("url", ""),
                },
            )
        for slug, entry in each("capabilities"):
            self.capabilities[slug] = self.upsert(
                Capability,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "description": entry.get("description", ""),
                    "position": entry.get("position", 100),
                },
            )
        for slug, entry in each("use_cases"):
            self.use_cases[slug] = self.upsert(
                UseCase,
                {"slug": slug},
                {"name": self.required(entry, "name"), "position": entry.get("position", 100)},
            )
        for slug, entry in each("providers"):
            self.providers[slug] = self.upsert(
                Provider,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "kind": self.required(entry, "kind"),
                    "lab": self.lookup(self.labs, entry.get("lab"), "lab", optional=True),
                    "website": entry.get("website", ""),
                    "docs_url": entry.get("docs_url", ""),
                    "pricing_url": entry.get("pricing_url", ""),
                    **self.review_status(entry),
                },
            )
        for slug, entry in each("benchmarks"):
            self.benchmarks[slug] = self.upsert(
                Benchmark,
                {"slug": slug},
                {
                    "name": self.required(entry, "name"),
                    "category": entry.get("category", Benchmark.Category.OTHER),
                    "metric": entry.get("metric", "accuracy"),
                    "unit": entry.get("unit", "%"),
                    "higher_is_better": bool(entry.get("higher_is_better", True)),
                    "ranked_setting": entry.get("ranked_setting", BenchmarkResult.Setting.STANDARD),
                    "is_index": bool(entry.get("is_index", False)),
                    "score_decimals": int(entry.get("score_decimals", 1)),
                    "min_score": self.decimal(entry.get("min_score"), "min_score"),
                    "max_score": self.decimal(entry.get("max_score"), "max_score"),
                    "url": entry.get("url", ""),
                    "description": entry.get("description", ""),
                    "aliases": list(entry.get("aliases", [])),
                },
            )

    def load_model(self, entry: dict) -> LanguageModel:
        lab = self.lookup(self.labs, entry.get("lab"), "lab")
        values = {
            "name": self.required(entry, "name"),
            "lab": lab,
            "family": self.lookup(self.families, entry.get("family"), "family", optional=True),
            "family_position": entry.get("family_position", 100),
            "release_date": self.date(entry.get("release_date"), "release_date"),
            "knowledge_cutoff": entry.get("knowledge_cutoff") or "",
            "context_window_tokens": entry.get("context_window_tokens"),
            "max_output_tokens": entry.get("max_output_tokens"),
            "total_parameters_b": self.decimal(
                entry.get("total_parameters_b"), "total_parameters_b"
            ),
            "active_parameters_b": self.decimal(
                entry.get("active_parameters_b"), "active_parameters_b"
            ),
            "architecture": entry.get("architecture") or "",
            "license": self.lookup(self.licenses, entry.get("license"), "license", optional=True),
            "input_modalities": list(entry.get("input_modalities", [])),
            "output_modalities": list(entry.get("output_modalities", [])),
            "best_for": entry.get("best_for", ""),
            "summary": entry.get("summary", ""),
            "body": entry.get("body", ""),
            "lifecycle": entry.get("lifecycle", LanguageModel.Lifecycle.ACTIVE),
            "deprecated_on": self.date(entry.get("deprecated_on"), "deprecated_on"),
            "retires_on": self.date(entry.get("retires_on"), "retires_on"),
            "weights_url": entry.get("weights_url") or "",
            "source_url": (entry.get("source") or {}).get("url", ""),
            "is_published": bool(entry.get("published", False)),
            "last_reviewed_on": self.date(entry.get("last_reviewed_on"), "last_reviewed_on"),
            **self.review_status(entry),
        }
        return self.upsert(LanguageModel, {"slug": entry["slug"]}, values)

    def load_model_children(self, model: LanguageModel, entry: dict) -> None:
        use_cases = {
            self.lookup(self.use_cases, slug, "use_cases") for slug in entry.get("use_cases", [])
        }
        keeper = Bookkeeping(model, BUNDLED)
        current = sorted(u.slug for u in model.use_cases.all())
        decision = keeper.decide("use_cases", current, sorted(u.slug for u in use_cases))
        if decision == "set":
            model.use_cases.set(use_cases)
            self.report.updated["model use cases"] += 1
        elif decision in ("edited", "locked"):
            self.report.kept.append(f"{self.where}: use_cases: kept editor's edit")
        if keeper.save_to_row():
            self.dirty_owners[id(model)] = model
        for alias in entry.get("aliases", []):
            self.upsert(
                ModelAlias,
                {"identifier": self.required(alias, "identifier")},
                {"model": model, "kind": alias.get("kind", ModelAlias.Kind.ALIAS)},
                owner=model,
                key=f"aliases.{str(alias['identifier']).lower()}",
            )
        for slug, value in (entry.get("capabilities") or {}).items():
            value = value if isinstance(value, dict) else {"support": value}
            self.upsert(
                ModelCapability,
                {
                    "model": model,
                    "capability": self.lookup(self.capabilities, slug, "capabilities"),
                },
                {"support": value.get("support", "unknown"), "note": value.get("note", "")},
                owner=model,
                key=f"capabilities.{slug}",
                main="support",
            )
        self.load_fact_sources(model, entry)
        for offering in entry.get("offerings", []):
            self.load_offering(model, offering)
        for result in entry.get("benchmarks", []):
            benchmark = self.lookup(self.benchmarks, result.get("benchmark"), "benchmark")
            self.upsert(
                BenchmarkResult,
                {
                    "model": model,
                    "benchmark": benchmark,
                    "setting": result.get("setting", BenchmarkResult.Setting.STANDARD),
                    "setting_detail": result.get("setting_detail", ""),
                },
                {
                    "score": self.decimal(self.required(result, "score"), "score"),
                    "harness": result.get("harness", ""),
                    "reported_by": result.get("reported_by", BenchmarkResult.ReportedBy.LAB),
                    "source_url": result.get("source_url", ""),
                    "source_note": result.get("source_note", ""),
                    "measured_on": self.date(result.get("measured_on"), "measured_on"),
                    "checked_on": self.date(
                        result.get("checked_on") or entry.get("last_reviewed_on"), "checked_on"
                    ),
                },
                owner=model,
                key=".".join(
                    part
                    for part in (
                        "benchmarks",
                        benchmark.slug,
                        result.get("setting", BenchmarkResult.Setting.STANDARD),
                        result.get("setting_detail", ""),
                    )
                    if part
                ),
                main="score",
            )
        for position, faq in enumerate(entry.get("faq", []), 1):
            self.upsert(
                FaqEntry,
                {"model": model, "question": self.required(faq, "question")},
                {"answer": self.required(faq, "answer"), "position": position * 10},
                owner=model,
                key=f"faq.{faq['question'][:80]}",
            )

    def load_fact_sources(self, model: LanguageModel, entry: dict) -> None:
        default = entry.get("source") or {}
        overrides = entry.get("sources") or {}
        for key, field_name in FACT_FIELDS.items():
            if key not in overrides and entry.get(key) in (None, "", [], {}):
                continue  # nobody sourced this figure: nothing to vouch for
            source = overrides.get(key) or default
            if not source.get("url"):
                if key == "lifecycle" and entry.get(key) == LanguageModel.Lifecycle.ACTIVE:
                    continue  # the default, as an import's draft has it: nothing to vouch for
                raise self.fail(f"“{key}” has no source URL (set “source” or “sources”).")
            self.upsert(
                FactSource,
                {"model": model, "field": field_name},
                {
                    "url": source["url"],
                    "checked_on": self.date(source.get("checked_on"), "checked_on")
                    or self.date(self.required(entry, "last_reviewed_on"), "last_reviewed_on"),
                    "note": source.get("note", ""),
                },
                owner=model,
                key=f"sources.{field_name}",
            )

    def load_offering(self, model: LanguageModel, entry: dict) -> None:
        provider = self.lookup(self.providers, entry.get("provider"), "provider")
        long_context = entry.get("long_context") or {}
        verified_on = self.date(entry.get("last_verified_on"), "last_verified_on")
        history = sorted(
            entry.get("history", []), key=lambda record: str(record.get("effective_on"))
        )
        values = {
            "model": model,
            "input_usd_per_mtok": self.decimal(entry.get("input"), "input"),
            "output_usd_per_mtok": self.decimal(entry.get("output"), "output"),
            "cached_input_usd_per_mtok": self.decimal(entry.get("cached_input"), "cached_input"),
            "cache_write_usd_per_mtok": self.decimal(entry.get("cache_write"), "cache_write"),
            "batch_discount_percent": self.decimal(
                entry.get("batch_discount_percent"), "batch_discount_percent"
            ),
            "long_context_threshold_tokens": long_context.get("threshold_tokens"),
            "long_context_input_usd_per_mtok": self.decimal(long_context.get("input"), "input"),
            "long_context_output_usd_per_mtok": self.decimal(long_context.get("output"), "output"),
            "context_window_tokens": entry.get("context_window_tokens"),
            "max_output_tokens": entry.get("max_output_tokens"),
            "status": entry.get("status", Offering.Status.GA),
            "deprecated_on": self.date(entry.get("deprecated_on"), "deprecated_on"),
            "retires_on": self.date(entry.get("retires_on"), "retires_on"),
            "kind": entry.get("kind") or "",
            "source_url": entry.get("source_url", ""),
            "source_note": entry.get("source_note", ""),
            "last_verified_on": verified_on,
            **self.review_status(entry),
        }
        price_since = self.date(entry.get("price_since"), "price_since") or verified_on
        offering = self.upsert(
            Offering,
            {"provider": provider, "provider_model_id": self.required(entry, "provider_model_id")},
            values,
            extra=lambda obj: setattr(obj, "price_effective_on", price_since),
        )
        for record in history:
            effective_on = self.date(self.required(record, "effective_on"), "effective_on")
            self.upsert(
                PriceRecord,
                {"offering": offering, "effective_on": effective_on},
                {
                    "input_usd_per_mtok": self.decimal(record.get("input"), "input"),
                    "output_usd_per_mtok": self.decimal(record.get("output"), "output"),
                    "cached_input_usd_per_mtok": self.decimal(
                        record.get("cached_input"), "cached_input"
                    ),
                    "cache_write_usd_per_mtok": self.decimal(
                        record.get("cache_write"), "cache_write"
                    ),
                    "source_url": record.get("source_url", entry.get("source_url", "")),
                },
                owner=offering,
                key=f"history.{effective_on}",
            )


def load_catalogue(directory: Path = DEFAULT_DIRECTORY) -> LoadReport:
    """Load every catalogue file of ``directory`` in one transaction; return what changed."""
    catalogue = read_catalogue(directory)
    report = LoadReport()
    with transaction.atomic():
        _Loader(report).load(catalogue)
    return report
