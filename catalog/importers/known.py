"""What the catalogue already holds when an import starts: read once, in a fixed number of
queries, into dicts keyed by natural keys (the importers match the source against these)."""

from __future__ import annotations

import datetime as dt

from catalog.importers.identity import VENDOR_PREFIXES, LabGuess, ModelIndex
from catalog.importers.parsing import benchmark_key
from catalog.importers.proposals import json_key
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    FactSource,
    Lab,
    LanguageModel,
    License,
    ModelAlias,
    ModelCapability,
    Offering,
    ProposedChange,
    Provider,
)


class KnownCatalogue:
    """The importer's view of the catalogue; ``load_catalogue()`` fills it."""

    def load_catalogue(self) -> None:
        self.load_vocabularies()
        self.load_models()
        self.load_rows()
        self.load_proposals()

    def load_vocabularies(self) -> None:
        """Labs, providers, licenses, capabilities and benchmarks, each under every name a
        source may use for it."""
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

    def load_models(self) -> None:
        """Models, indexed by slug and alias; which lab makes a new one; when families began."""
        self.models = {m.pk: m for m in LanguageModel.objects.defer("body", "summary")}
        self.model_slugs = {m.slug for m in self.models.values()}
        self.index = ModelIndex(VENDOR_PREFIXES | set(self.labs))
        for model in self.models.values():
            self.index.add(model.slug, model)
        self.alias_ids: set[str] = set()
        for model_id, identifier in ModelAlias.objects.values_list("model_id", "identifier"):
            self.alias_ids.add(identifier.lower())
            self.index.add(identifier, self.models[model_id])
        # Which lab makes a model no one has catalogued, learnt from the catalogue and source.
        self.lab_guess = LabGuess(self.labs, self.models, self.index.vendors)
        self.family_starts = family_starts(self.models.values())

    def load_rows(self) -> None:
        """A model's routes, capability statuses, fact sources and benchmark results."""
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

    def load_proposals(self) -> None:
        """Proposals already made: one pending per target and key; rejected values stay so."""
        self.pending: dict[tuple, ProposedChange] = {}
        self.rejected: set[tuple] = set()
        for change in ProposedChange.objects.exclude(status=ProposedChange.Status.ACCEPTED):
            target = (change.model_id, change.offering_id, change.provider_id, change.field)
            if change.status == ProposedChange.Status.PENDING:
                self.pending[target] = change
            else:
                self.rejected.add((*target, json_key(change.new_value)))


def family_starts(models) -> dict[int, dt.date]:
    """When each family began: its earliest published release (one before it fails a sense
    check)."""
    starts: dict[int, dt.date] = {}
    for model in models:
        if model.family_id and model.release_date and model.is_published:
            start = starts.get(model.family_id)
            if start is None or model.release_date < start:
                starts[model.family_id] = model.release_date
    return starts
