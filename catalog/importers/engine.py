"""The import engine shared by the bulk importers (the rules are in README.md).

An import runs in two steps inside one transaction:

1. ``build()`` reads the source and the whole catalogue (a fixed handful of queries, into
   dicts keyed by natural keys) and fills a :class:`Plan` of objects to create and update,
   and an :class:`ImportReport` saying what would change and why.
2. ``Plan.apply()`` writes the plan with ``bulk_create`` / ``bulk_update`` in batches.

A dry run stops after step 1. Any exception rolls the whole import back; problems in one
file of the source are reported and skip that file instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from catalog.importers.bookkeeping import MISSING, Bookkeeping, canonical, is_pending
from catalog.importers.checks import sense_problems
from catalog.importers.identity import VENDOR_PREFIXES, LabGuess, ModelIndex
from catalog.importers.parsing import FileProblem, benchmark_key, slug_from
from catalog.importers.plan import Plan
from catalog.importers.proposals import json_key, json_value, proposal_target
from catalog.importers.report import ImportReport, Progress, cut, shown
from catalog.models import (
    PRICE_FIELDS,
    Benchmark,
    BenchmarkResult,
    Capability,
    FactSource,
    ImportRun,
    Lab,
    LanguageModel,
    License,
    ModelAlias,
    ModelCapability,
    Offering,
    ProposedChange,
    Provider,
    ReviewStatus,
    RouteKind,
)

logger = logging.getLogger(__name__)

MODELS_DEV_URL = "https://models.dev/"
# Model fields an import sets, and the FactSource row that vouches for each.
FACT_FIELDS = {
    "release_date": FactSource.Field.RELEASE_DATE,
    "knowledge_cutoff": FactSource.Field.KNOWLEDGE_CUTOFF,
    "context_window_tokens": FactSource.Field.CONTEXT_WINDOW,
    "max_output_tokens": FactSource.Field.MAX_OUTPUT,
    "license": FactSource.Field.LICENSE,
    "input_modalities": FactSource.Field.MODALITIES,
    "output_modalities": FactSource.Field.MODALITIES,
}


class ImportAborted(Exception):
    """The source as a whole cannot be read: nothing is imported."""


class ImportFailed(Exception):
    """The import stopped and was rolled back; ``run`` is the ImportRun that records it."""

    def __init__(self, message: str, run: ImportRun):
        super().__init__(message)
        self.run = run


class CatalogueImporter:
    """Shared state and steps of the importers; subclasses implement ``build(path)`` and set
    ``source_date`` (the date of the document read) before planning any change."""

    source: str = ""
    source_name: str = ""
    source_url: str = MODELS_DEV_URL

    def __init__(self, *, today: dt.date | None = None, progress: Progress | None = None):
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.progress = progress
        self.plan = Plan()
        self.report = ImportReport(title="")
        self.source_date: dt.date | None = None
        self.source_label = ""  # e.g. "models.dev snapshot of 2026-07-02"

    # Running -------------------------------------------------------------------------------
    def run(self, path: Path | str, *, dry_run: bool = False, user=None) -> ImportRun:
        """Import ``path`` in one transaction and record an ImportRun; raise ImportFailed."""
        mode = "dry run, nothing written" if dry_run else "applied"
        self.report.title = f"{self.source_name} import of {shown(str(path), 300)} ({mode})"
        run = ImportRun(source=self.source, path=str(path)[:500], user=user, started_at=self.now)
        try:
            with transaction.atomic():
                self.build(Path(path))
                if not dry_run:
                    if self.progress:
                        self.progress.total = self.plan.size
                    self.plan.apply(self.progress)
        except Exception as error:
            if not isinstance(error, ImportAborted | FileProblem):
                logger.exception("The %s import of %s failed", self.source_name, path)
            run.status = ImportRun.Status.FAILED
            run.finished_at = timezone.now()
            run.counts = {}
            run.report = (
                f"{self.report.title}\n\nFailed, nothing was imported (rolled back): "
                f"{shown(str(error), 2000)}\n"
            )
            run.save()
            raise ImportFailed(f"Nothing was imported: {shown(str(error), 2000)}", run) from error
        finally:
            if self.progress:
                self.progress.finish()
        run.status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.APPLIED
        run.finished_at = timezone.now()
        run.counts = self.report.counts()
        run.report = self.report.text()
        run.save()
        proposals = [p.pk for p in self.plan.new.get(ProposedChange, []) if p.pk]
        if proposals and not dry_run:
            ProposedChange.objects.filter(pk__in=proposals).update(import_run=run)
        return run

    def build(self, path: Path) -> None:
        raise NotImplementedError

    def date_source(self, day: dt.date, label: str) -> None:
        """Name the document this import reads and its date (never the run's date)."""
        self.source_date = day
        self.source_label = f"{label} of {day.isoformat()}"
        self.report.title += f"; source dated {day.isoformat()}"

    def note(self, where: str) -> str:
        """What was consulted, for a source_note: "models.dev snapshot of ...: <file>"."""
        return cut(f"{self.source_label}: {where}", 300)

    def tick(self, done: int, what: str = "") -> None:
        if self.progress and done % 50 == 0:
            self.progress.update(done, what)

    # Loading the catalogue (a fixed number of queries) ---------------------------------
    def load_catalogue(self) -> None:
        self.labs = {lab.slug: lab for lab in Lab.objects.all()}
        self.providers = {p.slug: p for p in Provider.objects.all()}
        self.licenses: dict[str, License] = {}
        for license in License.objects.all():
            for key in (license.slug, license.spdx_id, license.name):
                if key:
                    self.licenses.setdefault(key.lower(), license)
        self.capabilities = {c.slug: c for c in Capability.objects.all()}
        self.benchmarks: dict[str, Benchmark] = {}
        for benchmark in Benchmark.objects.all():
            for name in (benchmark.name, benchmark.slug, *benchmark.aliases):
                self.benchmarks.setdefault(benchmark_key(name), benchmark)
        self.models = {m.pk: m for m in LanguageModel.objects.defer("body", "summary")}
        self.model_slugs = {m.slug for m in self.models.values()}
        self.index = ModelIndex(VENDOR_PREFIXES | set(self.labs))
        for model in self.models.values():
            self.index.add(model.slug, model)
        self.alias_ids: set[str] = set()
        for model_id, identifier in ModelAlias.objects.values_list("model_id", "identifier"):
            self.alias_ids.add(identifier.lower())
            self.index.add(identifier, self.models[model_id])
        provider_slugs = {p.pk: p.slug for p in self.providers.values()}
        self.offerings = {
            (provider_slugs[o.provider_id], o.provider_model_id): o for o in Offering.objects.all()
        }
        self.model_capabilities = {
            (mc.model_id, mc.capability_id): mc for mc in ModelCapability.objects.all()
        }
        self.fact_sources = {(fs.model_id, fs.field): fs for fs in FactSource.objects.all()}
        self.results = {
            (r.model_id, r.benchmark_id, r.setting, r.setting_detail): r
            for r in BenchmarkResult.objects.all()
        }
        # Proposals already made: one pending per target and key; rejected values stay so.
        self.pending: dict[tuple, ProposedChange] = {}
        self.rejected: set[tuple] = set()
        for change in ProposedChange.objects.exclude(status=ProposedChange.Status.ACCEPTED):
            target = (change.model_id, change.offering_id, change.provider_id, change.field)
            if change.status == ProposedChange.Status.PENDING:
                self.pending[target] = change
            else:
                self.rejected.add((*target, json_key(change.new_value)))
        # Which lab makes a model no one has catalogued, learnt from the catalogue and source.
        self.lab_guess = LabGuess(self.labs, self.models, self.index.vendors)
        # When each family began (a release date before it fails a sense check).
        self.family_starts: dict[int, dt.date] = {}
        for model in self.models.values():
            if model.family_id and model.release_date and model.is_published:
                start = self.family_starts.get(model.family_id)
                if start is None or model.release_date < start:
                    self.family_starts[model.family_id] = model.release_date

    # The editor rule ---------------------------------------------------------------------
    def merge(
        self,
        obj: models.Model,
        values: dict[str, Any],
        *,
        kind: str,
        label: str,
        source: str,
        held: dict[str, str] | None = None,
    ) -> list[str]:
        """Create ``obj`` or apply ``values`` to it by the editor rule; return changed fields.

        ``held`` maps fields whose new value failed a sense check to the reason: they go to
        review instead of landing.
        """
        held = held or {}
        if obj.pk is None and not getattr(obj, "_planned", False):
            keeper = Bookkeeping(obj, self.source)
            for name, value in values.items():
                if value is None:
                    continue
                if name in held:
                    self.hold(obj, name, None, value, held[name], source)
                    continue
                setattr(obj, name, value)
                keeper.remember(name, value)
            keeper.save_to_row()
            obj.import_source = source[:200]
            obj.imported_at = self.now
            obj._planned = True
            self.plan.create(obj)
            self.report.created[kind] += 1
            self.report.changes.append(f"+ created {kind} {label} (from {source})")
            return [name for name, value in values.items() if value is not None]
        keeper = Bookkeeping(obj, self.source)
        changed: list[str] = []
        diffs: list[str] = []
        for name, value in values.items():
            current = getattr(obj, obj._meta.get_field(name).attname)
            before = keeper.snapshot(name)
            decision = self.decide(obj, keeper, name, current, value)
            if name in held and decision in ("set", "unknown", "edited", "outranked"):
                keeper.restore(name, before)
                self.hold(obj, name, current, value, held[name], source)
            elif decision == "set":
                setattr(obj, name, value)
                changed.append(name)
                diffs.append(f"{name} {shown(canonical(current))} -> {shown(canonical(value))}")
            else:
                self.keep(
                    obj,
                    keeper,
                    decision,
                    name,
                    current,
                    value,
                    label=f"{kind} {label}",
                    source=source,
                )
        if changed:
            obj.import_source = source[:200]
            obj.imported_at = self.now
            self.report.updated[kind] += 1
            self.report.changes.append(f"~ updated {kind} {label}: " + "; ".join(diffs))
        else:
            self.report.unchanged[kind] += 1
        if keeper.save_to_row() or changed:
            self.plan.update(obj, [*changed, "imported_values", "import_source", "imported_at"])
        return changed

    def decide(self, obj, keeper: Bookkeeping, key: str, current: Any, new: Any) -> str:
        """The editor rule, plus: an import fills an unknown directly only on a row that no
        editor has reviewed yet (a pending one); elsewhere filling it is a proposal."""
        before = keeper.snapshot(key)
        decision = keeper.decide(key, current, new)
        if decision == "set" and before[0] is MISSING and not is_pending(obj):
            keeper.restore(key, before)
            return "unknown"
        return decision

    def keep(self, obj, keeper, decision, key, current, new, *, label, source) -> None:
        """Report a value kept; what an editor has not decided goes to review."""
        if decision in ("same", "adopt", "ignore"):
            return
        reasons = {
            "locked": "locked by an editor",
            "edited": "an editor changed it",
            "outranked": "another source set it",
            "unknown": "it fills an unknown on a reviewed row",
        }
        if decision == "locked":
            self.report.kept.append(
                f"{label}: {key}: locked: {shown(canonical(current))} "
                f"({self.source_name} says {shown(canonical(new))})"
            )
            return
        self.propose(obj, key, current, new, reasons[decision], source)

    def hold(self, obj, key, current, new, reason: str, source: str) -> None:
        """A value that failed a sense check goes to review with the reason."""
        self.report.notes[f"held for review: {reason.split(':')[0]}"] += 1
        self.propose(obj, key, current, new, reason, source)

    def propose(self, obj, key: str, current: Any, new: Any, reason: str, source: str) -> None:
        """A ProposedChange for an editor to accept or reject (one pending per key)."""
        target = proposal_target(obj, key)
        if target is None:
            return
        model, offering, provider, field_name = target
        field_name = field_name[:120]  # the column's size; keys past it still meet
        ids = (
            model.pk if model else None,
            offering.pk if offering else None,
            provider.pk if provider else None,
            field_name,
        )
        new_value, old_value = (
            json_value(obj, field_name, new),
            json_value(obj, field_name, current),
        )
        if all(part is None for part in ids[:3]):
            ids = (id(model), id(offering), id(provider), field_name)  # a row of this plan
        if (*ids, json_key(new_value)) in self.rejected:
            self.report.notes["proposals rejected before: not made again"] += 1
            return
        label = f"{obj}: {field_name} {shown(old_value)} -> {shown(new_value)} ({reason})"
        existing = self.pending.get(ids)
        if existing is not None:
            if existing.new_value == new_value:
                self.report.unchanged["proposed change"] += 1
                return
            existing.new_value, existing.old_value, existing.reason = new_value, old_value, reason
            existing.source, existing.source_date = self.note(source), self.source_date
            self.plan.update(
                existing, ["new_value", "old_value", "reason", "source", "source_date"]
            )
            self.report.updated["proposed change"] += 1
            self.report.proposed.append(f"~ {label}")
            return
        change = ProposedChange(
            model=model,
            offering=offering,
            provider=provider,
            field=field_name,
            old_value=old_value,
            new_value=new_value,
            reason=reason[:300],
            source=self.note(source),
            source_url=self.source_url[:500],
            source_date=self.source_date,
        )
        self.pending[ids] = change
        self.plan.create(change)
        self.report.created["proposed change"] += 1
        self.report.proposed.append(f"? {label}")

    def merge_key(self, model: LanguageModel, key: str, current: Any, new: Any, *, source: str):
        """The editor rule for a figure kept outside the model's own fields (a capability, a
        benchmark score); the model's bookkeeping remembers it under ``key``."""
        keeper = Bookkeeping(model, self.source)
        decision = self.decide(model, keeper, key, current, new)
        if keeper.save_to_row():
            self.plan.update(model, ["imported_values"])
        if decision not in ("set", "same", "adopt", "ignore"):
            self.keep(
                model,
                keeper,
                decision,
                key,
                current,
                new,
                label=f"language model {model.slug}",
                source=source,
            )
        return decision

    # Models ----------------------------------------------------------------------------
    def new_model(self, *, identifier: str, lab: Lab) -> LanguageModel:
        """An unsaved draft model, waiting for review, with a free slug from ``identifier``."""
        base = slug_from(identifier, max_length=110) or "model"
        slug, number = base, 2
        while slug in self.model_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.model_slugs.add(slug)
        model = LanguageModel(
            slug=slug, lab=lab, is_published=False, review_status=ReviewStatus.PENDING
        )
        self.index.add(slug, model)  # as the next import will know it
        return model

    def merge_model(
        self, model: LanguageModel, values: dict, support: dict[str, str], *, source: str
    ) -> None:
        """Model fields, their FactSource rows and capabilities, by the editor rule; figures
        that fail a sense check go to review instead."""
        held = sense_problems(model, values, support, self.family_starts, self.source_date)
        changed = self.merge(
            model, values, kind="language model", label=model.slug, source=source, held=held
        )
        for field_name in {FACT_FIELDS[name] for name in changed if name in FACT_FIELDS}:
            self.vouch(model, field_name, source)
        capability_changed = False
        for slug, wanted in support.items():
            capability = self.capabilities.get(slug)
            if capability is None:
                self.report.notes[f"capability {slug!r} not in the catalogue: not set"] += 1
                continue
            key = f"capabilities.{slug}"
            if key in held:
                status = self.model_capabilities.get((model.pk, capability.pk))
                current = status.support if status else None
                self.hold(model, key, current, wanted, held[key], source)
                continue
            status = self.model_capabilities.get((model.pk, capability.pk)) if model.pk else None
            if status is None:
                if model.pk is not None and not is_pending(model):
                    self.propose(model, key, None, wanted, "it fills an unknown", source)
                    continue
                status = ModelCapability(
                    model=model, capability=capability, support=wanted, source_url=self.source_url
                )
                self.model_capabilities[(model.pk or id(model), capability.pk)] = status
                keeper = Bookkeeping(model, self.source)
                keeper.remember(key, wanted)
                if keeper.save_to_row():
                    self.plan.update(model, ["imported_values"])
                self.plan.create(status)
                self.report.created["capability status"] += 1
                capability_changed = True
                continue
            current = None if status.support == ModelCapability.Support.UNKNOWN else status.support
            if self.merge_key(model, key, current, wanted, source=source) == "set":
                self.report.changes.append(
                    f"~ updated capability {model.slug} {slug}: {status.support} -> {wanted}"
                )
                status.support = wanted
                status.source_url = self.source_url
                self.plan.update(status, ["support", "source_url"])
                self.report.updated["capability status"] += 1
                capability_changed = True
            else:
                self.report.unchanged["capability status"] += 1
        if capability_changed:
            self.vouch(model, FactSource.Field.CAPABILITIES, source)

    def vouch(self, model: LanguageModel, field_name: str, source: str) -> None:
        """Record that the source vouches for one figure of ``model`` (a FactSource row),
        dated by the source, naming the file or entry read."""
        note = self.note(source)[:200]
        day = self.source_date
        fact = self.fact_sources.get((model.pk, field_name)) if model.pk else None
        if fact is None:
            fact = FactSource(model=model, field=field_name)
            self.fact_sources[(model.pk or id(model), field_name)] = fact
            self.plan.create(fact)
        elif (fact.url, fact.checked_on, fact.note) == (self.source_url, day, note):
            return
        else:
            self.plan.update(fact, ["url", "checked_on", "note"])
        fact.url, fact.checked_on, fact.note = self.source_url, day, note

    # Offerings ----------------------------------------------------------------------------
    def merge_offering(
        self,
        provider: Provider,
        route_id: str,
        model: LanguageModel,
        values: dict[str, Any],
        *,
        source: str,
        source_url: str,
    ) -> None:
        """Create or update one offering. Limits are kept only where they differ from the
        model's; a $0 price is a price only on a free route; new routes wait for review;
        provenance (source, note, date) and a price record follow a change of prices."""
        key = (provider.slug, route_id)
        offering = self.offerings.get(key)
        created = offering is None
        if created:
            offering = Offering(
                provider=provider,
                provider_model_id=route_id,
                model=model,
                review_status=ReviewStatus.PENDING,
            )
            self.offerings[key] = offering
        for name in ("context_window_tokens", "max_output_tokens"):
            # A route's limit equal to its model's is the model's: left unknown on the route,
            # unless the route already holds that very figure (then there is nothing to do).
            same_as_model = values.get(name) is not None and values[name] == getattr(model, name)
            if same_as_model and getattr(offering, name) != values[name]:
                values[name] = None
        kind = values.get("kind") or offering.kind or provider.kind
        if kind != RouteKind.FREE_TIER:
            for name in PRICE_FIELDS:
                if values.get(name) == 0:
                    values[name] = None
                    self.report.notes["$0 price on a route not documented as free: unknown"] += 1
        held = {}
        if (
            offering.last_verified_on
            and self.source_date
            and (offering.last_verified_on > self.source_date)
        ):
            why = f"the route was checked on {offering.last_verified_on}, after this source"
            held = {name: why for name in PRICE_FIELDS if name in values}
        before = offering.price_snapshot()
        changed = self.merge(
            offering,
            values,
            kind="offering",
            label=f"{provider.slug} {route_id}",
            source=source,
            held=held,
        )
        prices = offering.price_snapshot()
        if not (created or prices != before):
            return
        provenance = []
        for name, value in (
            ("source_url", source_url),
            ("source_note", self.note(source)),
            ("last_verified_on", self.source_date),
        ):
            if name not in offering.locked_fields and getattr(offering, name) != value:
                setattr(offering, name, value)
                provenance.append(name)
        self.plan.update(offering, provenance)
        if any(v is not None for v in prices.values()) and (created or changed):
            self.plan.create(offering.price_record(effective_on=self.source_date))
            self.report.created["price record"] += 1
