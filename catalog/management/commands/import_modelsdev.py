from catalog.importers.modelsdev import import_modelsdev
from catalog.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a models.dev checkout (labs, models, providers, routes, benchmarks). "
        "Atomic and idempotent; respects editors' locked and edited fields."
    )
    importer = staticmethod(import_modelsdev)
    source_argument = "path"
    source_help = "Root of the models.dev checkout."
