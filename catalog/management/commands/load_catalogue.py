from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers.bundled import DEFAULT_DIRECTORY, CatalogueError, load_catalogue
from catalog.version import bump_catalogue_version


class Command(BaseCommand):
    help = "Load the bundled catalogue (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=DEFAULT_DIRECTORY,
            help="Folder of catalogue JSON files (default: the bundled catalogue).",
        )

    def handle(self, *args, directory: Path, **options):
        try:
            report = load_catalogue(directory)
        except CatalogueError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if report.changes:
            bump_catalogue_version()
        if options["verbosity"] > 1:
            self.stdout.write(report.summary())
        self.stdout.write(
            self.style.SUCCESS(f"Catalogue loaded from {directory}: {report.outcome()}")
        )
