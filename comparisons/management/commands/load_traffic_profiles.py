import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.version import bump_catalogue_version
from comparisons.models import TrafficProfile

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "traffic_profiles.json"
FIELDS = (
    "name",
    "description",
    "requests_per_day",
    "input_tokens_per_request",
    "output_tokens_per_request",
    "position",
)


class Command(BaseCommand):
    help = (
        "Create the bundled traffic presets (chatbot, RAG, agent loop, batch classification) "
        "that do not exist yet. Presets editors already have are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            presets = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        created = 0
        with transaction.atomic():
            has_default = TrafficProfile.objects.filter(is_default=True).exists()
            for preset in presets:
                if TrafficProfile.objects.filter(slug=preset["slug"]).exists():
                    continue
                is_default = bool(preset.get("is_default")) and not has_default
                TrafficProfile.objects.create(
                    slug=preset["slug"],
                    is_default=is_default,
                    cached_share_percent=Decimal(preset.get("cached_share_percent", "0")),
                    batch_share_percent=Decimal(preset.get("batch_share_percent", "0")),
                    **{field: preset[field] for field in FIELDS if field in preset},
                )
                has_default = has_default or is_default
                created += 1
        bump_catalogue_version(model_columns=False)
        self.stdout.write(self.style.SUCCESS(f"Traffic presets: {created} created."))
