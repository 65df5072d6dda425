from pathlib import Path

from django.core.management.base import BaseCommand

from catalog.bundled_export import catalogue_files, write_catalogue


class Command(BaseCommand):
    help = (
        "Write the whole catalogue into DIR in the bundled format (catalog/data/README.md), "
        "deterministically: `load_catalogue DIR` into an empty database and exporting again "
        "gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder to write (created if needed).")

    def handle(self, *args, directory: Path, **options):
        files = catalogue_files()
        strays = sorted(p.name for p in directory.glob("*.json") if p.name not in files)
        written = write_catalogue(directory, files)
        for name in strays:
            self.stderr.write(
                self.style.WARNING(
                    f"{directory / name} is not part of this export, "
                    "but load_catalogue would read it too."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Catalogue exported to {directory}: {len(written)} file(s).")
        )
