"""An import's models: new drafts, their fields and capabilities by the editor rule, and the
FactSource rows that say which document vouches for each figure."""

from __future__ import annotations

from catalog.importers.bookkeeping import is_pending
from catalog.importers.checks import sense_problems
from catalog.importers.parsing import slug_from
from catalog.models import (
    FACT_OF_FIELD,
    Capability,
    FactSource,
    Lab,
    LanguageModel,
    ModelCapability,
    ReviewStatus,
)


class ModelMerging:
    """Part of CatalogueImporter: reads the catalogue it loaded (known.py), its ``plan``,
    ``report``, ``source_url`` and ``source_date``, and merges through ``merge`` /
    ``merge_key`` (merging.py) and ``propose`` / ``hold`` (proposals.py)."""

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
        for field_name in {FACT_OF_FIELD[name] for name in changed if name in FACT_OF_FIELD}:
            self.vouch(model, field_name, source)
        capability_changed = False
        for slug, wanted in support.items():
            capability = self.capabilities.get(slug)
            if capability is None:
                self.report.notes[f"capability {slug!r} not in the catalogue: not set"] += 1
            elif self.merge_capability(model, capability, wanted, held=held, source=source):
                capability_changed = True
        if capability_changed:
            self.vouch(model, FactSource.Field.CAPABILITIES, source)

    def merge_capability(
        self, model: LanguageModel, capability: Capability, wanted: str, *, held, source: str
    ) -> bool:
        """One capability status of ``model`` by the editor rule; True if it changed."""
        key = f"capabilities.{capability.slug}"
        status = self.model_capabilities.get((model.pk, capability.pk))
        if key in held:
            self.hold(model, key, status.support if status else None, wanted, held[key], source)
            return False
        if status is None:
            if model.pk is not None and not is_pending(model):
                self.propose(model, key, None, wanted, "it fills an unknown", source)
                return False
            self.create_capability(model, capability, wanted, key)
            return True
        current = None if status.support == ModelCapability.Support.UNKNOWN else status.support
        if self.merge_key(model, key, current, wanted, source=source) != "set":
            self.report.unchanged["capability status"] += 1
            return False
        self.report.changes.append(
            f"~ updated capability {model.slug} {capability.slug}: {status.support} -> {wanted}"
        )
        status.support = wanted
        status.source_url = self.source_url
        self.plan.update(status, ["support", "source_url"])
        self.report.updated["capability status"] += 1
        return True

    def create_capability(
        self, model: LanguageModel, capability: Capability, wanted: str, key: str
    ) -> None:
        """A capability status on a model no editor has reviewed yet."""
        status = ModelCapability(
            model=model, capability=capability, support=wanted, source_url=self.source_url
        )
        self.model_capabilities[(model.pk or id(model), capability.pk)] = status
        self.remember_key(model, key, wanted)
        self.plan.create(status)
        self.report.created["capability status"] += 1

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
