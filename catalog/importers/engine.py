"""The import engine shared by the bulk importers (the rules are in README.md).

An import runs in two steps inside one transaction:

1. ``build()`` reads the source and the whole catalogue (a fixed handful of queries, into
   dicts keyed by natural keys) and fills a :class:`Plan` of objects to create and update,
   and an :class:`ImportReport` saying what would change and why.
2. ``Plan.apply()`` writes the plan with ``bulk_create`` / ``bulk_update`` in batches.

A dry run stops after step 1. Any exception rolls the whole import back; problems in one
file of the source are reported and skip that file instead.

The importer is assembled from one part per job: known.py (the catalogue read once),
merging.py (the editor rule applied to a row), proposals.py (what goes to review),
model_merging.py and offering_merging.py (models and routes).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from catalog.importers.known import KnownCatalogue
from catalog.importers.merging import RowMerging
from catalog.importers.model_merging import ModelMerging
from catalog.importers.offering_merging import OfferingMerging
from catalog.importers.parsing import FileProblem
from catalog.importers.plan import Plan
from catalog.importers.proposals import Proposing
from catalog.importers.report import ImportReport, Progress, cut, shown
from catalog.models import ImportRun, ProposedChange

logger = logging.getLogger(__name__)

MODELS_DEV_URL = "https://models.dev/"


class ImportAborted(Exception):
    """The source as a whole cannot be read: nothing is imported."""


class ImportFailed(Exception):
    """The import stopped and was rolled back; ``run`` is the ImportRun that records it."""

    def __init__(self, message: str, run: ImportRun):
        super().__init__(message)
        self.run = run


class CatalogueImporter(KnownCatalogue, RowMerging, Proposing, ModelMerging, OfferingMerging):
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
            self.record_failure(run, error)
            raise ImportFailed(f"Nothing was imported: {shown(str(error), 2000)}", run) from error
        finally:
            if self.progress:
                self.progress.finish()
        self.record_success(run, dry_run=dry_run)
        return run

    def record_failure(self, run: ImportRun, error: Exception) -> None:
        """Save the run of an import rolled back, with why."""
        run.status = ImportRun.Status.FAILED
        run.finished_at = timezone.now()
        run.counts = {}
        run.report = (
            f"{self.report.title}\n\nFailed, nothing was imported (rolled back): "
            f"{shown(str(error), 2000)}\n"
        )
        run.save()

    def record_success(self, run: ImportRun, *, dry_run: bool) -> None:
        """Save the run with its counts and report; the proposals it made point to it."""
        run.status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.APPLIED
        run.finished_at = timezone.now()
        run.counts = self.report.counts()
        run.report = self.report.text()
        run.save()
        proposals = [p.pk for p in self.plan.new.get(ProposedChange, []) if p.pk]
        if proposals and not dry_run:
            ProposedChange.objects.filter(pk__in=proposals).update(import_run=run)

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
