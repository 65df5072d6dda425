import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import LanguageModel
from catalog.version import bump_catalogue_version
from comparisons.models import MAX_MODELS, MIN_MODELS, CuratedComparison, canonical_key

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "featured_comparisons.json"


class Command(BaseCommand):
    help = (
        "Feature the bundled comparisons (the seed pages' pairs and other common choices) "
        "that editors have not curated yet. Existing comparisons are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            groups = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        slugs = {slug for group in groups for slug in group}
        models = {m.slug: m for m in LanguageModel.objects.published().filter(slug__in=slugs)}
        created = 0
        with transaction.atomic():
            for group in groups:
                missing = [slug for slug in group if slug not in models]
                if missing or not MIN_MODELS <= len(set(group)) <= MAX_MODELS:
                    self.stderr.write(f"Skipped {group}: not 2-4 published models {missing}")
                    continue
                key = canonical_key(group)
                comparison, was_created = CuratedComparison.objects.get_or_create(
                    key=key, defaults={"is_featured": True}
                )
                if was_created:
                    comparison.language_models.set(models[slug] for slug in group)
                    created += 1
        bump_catalogue_version(model_columns=False)
        self.stdout.write(self.style.SUCCESS(f"Featured comparisons: {created} created."))
