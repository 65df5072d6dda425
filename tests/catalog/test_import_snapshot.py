"""The full models.dev snapshot in /work/shared/data/models.dev over the bundled catalogue.

The import runs once per run (the ``imported`` fixture, tests/layers.py); a second run of
everything changing nothing is tests/catalog/test_import_trust.py's.
"""

import json
from decimal import Decimal

import pytest

from catalog.importers.bundled import DEFAULT_DIRECTORY
from catalog.models import LanguageModel, Offering, Provider

pytestmark = pytest.mark.django_db


def bundled_published_slugs() -> set[str]:
    return {
        model["slug"]
        for path in DEFAULT_DIRECTORY.glob("*.json")
        for model in json.loads(path.read_text(encoding="utf-8")).get("models", [])
        if model.get("published")
    }


def test_the_full_snapshot_imports_over_the_bundled_catalogue(imported):
    modelsdev, openrouter = imported

    assert modelsdev.counts["changes"] > 10_000
    assert Provider.objects.count() >= 140
    assert Offering.objects.count() > 4_500
    published = set(LanguageModel.objects.published().values_list("slug", flat=True))
    assert published == bundled_published_slugs()  # the models an import adds are drafts
    haiku = LanguageModel.objects.get(slug="claude-haiku-4-5")
    assert haiku.context_window_tokens == 200_000
    bedrock = Offering.objects.get(
        provider__slug="amazon-bedrock",
        provider_model_id="anthropic.claude-haiku-4-5-20251001-v1:0",
    )
    assert bedrock.model == haiku
    assert (bedrock.input_usd_per_mtok, bedrock.output_usd_per_mtok) == (Decimal(1), Decimal(5))
    vertex = Offering.objects.get(
        provider__slug="google-vertex", provider_model_id="claude-haiku-4-5@20251001"
    )
    assert vertex.model == haiku
    assert "Unmatched routes" in modelsdev.report
    assert "providers/fastrouter/models/z-ai/glm-4.5" not in modelsdev.report.split("Skipped")[-1]
    assert openrouter.counts["skipped"] == 3  # the "-1" (variable) prices of routers
