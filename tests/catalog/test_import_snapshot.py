"""The full models.dev snapshot in /work/shared/data/models.dev over the bundled catalogue."""

import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from catalog.importers.bundled import load_catalogue
from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.openrouter import import_openrouter
from catalog.models import LanguageModel, Offering, PriceRecord, Provider

SNAPSHOT = Path(settings.MODELSDEV_PATH)  # ../shared/data/models.dev unless MODELSDEV_PATH says

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SNAPSHOT.is_dir(), reason=f"the models.dev snapshot is not at {SNAPSHOT}"
    ),
]


def test_the_full_snapshot_imports_and_a_second_run_changes_nothing():
    load_catalogue()
    published = LanguageModel.objects.published().count()
    started = time.monotonic()

    first = import_modelsdev(SNAPSHOT)

    assert time.monotonic() - started < 60
    assert first.counts["changes"] > 10_000
    assert Provider.objects.count() >= 140
    assert Offering.objects.count() > 4_500
    assert LanguageModel.objects.published().count() == published  # new models are drafts
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
    assert "Unmatched routes" in first.report
    assert "providers/fastrouter/models/z-ai/glm-4.5" not in first.report.split("Skipped")[-1]
    records = PriceRecord.objects.count()

    second = import_modelsdev(SNAPSHOT)

    assert second.counts["changes"] == 0, second.report[:3000]
    assert PriceRecord.objects.count() == records

    openrouter = import_openrouter(SNAPSHOT / "models.json")
    again = import_openrouter(SNAPSHOT / "models.json")
    assert openrouter.counts["skipped"] == 3  # the "-1" (variable) prices of routers
    assert again.counts["changes"] == 0
