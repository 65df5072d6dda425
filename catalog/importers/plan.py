"""The plan of an import: objects to create and update, written in bulk in one go."""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from django.utils import timezone

from catalog.importers.report import Progress
from catalog.models import (
    BenchmarkResult,
    FactSource,
    Lab,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    PriceRecord,
    ProposedChange,
    Provider,
)
from catalog.version import bump_catalogue_version

BATCH_SIZE = 500


class Plan:
    """Objects to create and update, written in dependency order by ``apply()``."""

    ORDER = (
        Lab,
        Provider,
        LanguageModel,
        ModelAlias,
        ModelCapability,
        FactSource,
        BenchmarkResult,
        Offering,
        PriceRecord,
        ProposedChange,
    )

    def __init__(self):
        self.new: dict[type, list] = defaultdict(list)
        self.dirty: dict[type, dict[int, tuple[models.Model, set[str]]]] = defaultdict(dict)

    def create(self, obj: models.Model) -> None:
        self.new[type(obj)].append(obj)

    def update(self, obj: models.Model, fields) -> None:
        if obj.pk is None:
            return  # created by this plan: it is written with all its values
        _, known = self.dirty[type(obj)].setdefault(id(obj), (obj, set()))
        known.update(fields)

    @property
    def size(self) -> int:
        return sum(map(len, self.new.values())) + sum(map(len, self.dirty.values()))

    def apply(self, progress: Progress | None = None) -> None:
        done = 0
        for model in self.ORDER:
            created = self.new.get(model, [])
            for start in range(0, len(created), BATCH_SIZE):
                batch = created[start : start + BATCH_SIZE]
                model.objects.bulk_create(batch)
                done += len(batch)
                if progress:
                    progress.update(done, f"writing {model._meta.verbose_name_plural}")
            dirty = list(self.dirty.get(model, {}).values())
            if not dirty:
                continue
            fields = sorted(set().union(*(names for _, names in dirty)))
            objs = [obj for obj, _ in dirty]
            if any(f.name == "updated_at" for f in model._meta.fields):
                now = timezone.now()
                for obj in objs:
                    obj.updated_at = now
                fields = sorted({*fields, "updated_at"})
            model.objects.bulk_update(objs, fields, batch_size=BATCH_SIZE)
            done += len(objs)
            if progress:
                progress.update(done, f"updating {model._meta.verbose_name_plural}")
        if self.size:
            bump_catalogue_version()  # bulk writes send no signals
