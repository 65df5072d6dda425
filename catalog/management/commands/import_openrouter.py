from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers.engine import ImportFailed
from catalog.importers.openrouter import import_openrouter
from catalog.importers.report import Progress
from catalog.management.commands.import_modelsdev import show_report
from catalog.version import bump_catalogue_version


class Command(BaseCommand):
    help = (
        "Import an OpenRouter-style models.json into the OpenRouter provider's offerings. "
        "Atomic and idempotent; respects editors' locked and edited fields."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The models.json file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            run = import_openrouter(file, dry_run=dry_run, progress=Progress())
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        if not dry_run and run.counts["changes"]:
            bump_catalogue_version()  # besides the engine's own bump: bulk writes send no signals
        show_report(self, run, dry_run=dry_run, verbosity=options["verbosity"])
