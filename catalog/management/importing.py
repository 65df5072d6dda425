"""The import commands' one shape: run a source's importer (``--dry-run`` writes nothing),
turn its failure into a CommandError, and print its report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers.engine import ImportFailed
from catalog.importers.report import Progress
from catalog.models import ImportRun
from catalog.version import bump_catalogue_version


class ImportCommand(BaseCommand):
    """An import command: ``importer`` (a staticmethod) reads the path given as
    ``source_argument``."""

    importer: Callable[..., ImportRun]
    source_argument: str
    source_help: str

    def add_arguments(self, parser):
        parser.add_argument(self.source_argument, type=Path, help=self.source_help)
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes; write nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        try:
            source = options[self.source_argument]
            run = self.importer(source, dry_run=dry_run, progress=Progress())
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        if not dry_run and run.counts["changes"]:
            bump_catalogue_version()  # besides the engine's own bump: bulk writes send no signals
        show_report(self, run, dry_run=dry_run, verbosity=options["verbosity"])


def show_report(command: BaseCommand, run: ImportRun, *, dry_run: bool, verbosity: int) -> None:
    """The whole report for a dry run or -v 2; the summary otherwise."""
    if dry_run or verbosity > 1:
        command.stdout.write(run.report)
    elif verbosity:
        command.stdout.write(run.report.split("\n\n", 2)[1])
    counts = run.counts
    verb = "would change" if dry_run else "changed"
    command.stdout.write(
        command.style.SUCCESS(
            f"{run.get_source_display()}: {verb} {counts['changes'] or 'nothing'}; "
            f"{counts.get('proposed', 0)} proposed for review; "
            f"{counts['kept']} editor's edit(s) kept; {counts['skipped']} skipped; "
            f"{counts['unmatched']} unmatched (import run #{run.pk})."
        )
    )
