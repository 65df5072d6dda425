from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers.engine import ImportFailed
from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.report import Progress
from catalog.version import bump_catalogue_version


class Command(BaseCommand):
    help = (
        "Import a models.dev checkout (labs, models, providers, routes, benchmarks). "
        "Atomic and idempotent; respects editors' locked and edited fields."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Root of the models.dev checkout.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes; write nothing."
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            run = import_modelsdev(path, dry_run=dry_run, progress=Progress())
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        if not dry_run and run.counts["changes"]:
            bump_catalogue_version()  # besides the engine's own bump: bulk writes send no signals
        show_report(self, run, dry_run=dry_run, verbosity=options["verbosity"])


def show_report(command: BaseCommand, run, *, dry_run: bool, verbosity: int) -> None:
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
