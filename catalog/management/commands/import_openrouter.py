from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers.common import ImportFailed, Progress
from catalog.importers.openrouter import import_openrouter
from catalog.management.commands.import_modelsdev import show_report


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
        show_report(self, run, dry_run=dry_run, verbosity=options["verbosity"])
