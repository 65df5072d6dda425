from catalog.importers.openrouter import import_openrouter
from catalog.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import an OpenRouter-style models.json into the OpenRouter provider's offerings. "
        "Atomic and idempotent; respects editors' locked and edited fields."
    )
    importer = staticmethod(import_openrouter)
    source_argument = "file"
    source_help = "The models.json file."
