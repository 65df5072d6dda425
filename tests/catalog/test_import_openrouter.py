"""The OpenRouter models.json importer."""

import datetime as dt
import json
import os
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from catalog.importers.engine import ImportFailed
from catalog.importers.openrouter import import_openrouter
from catalog.models import ImportRun, LanguageModel, Offering, PriceRecord, Provider
from tests.factories import LabFactory, LanguageModelFactory, ModelAliasFactory, ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
FILE_DATE = dt.date(2026, 7, 2)  # the day the models.json was written: its figures' date


def entry(model_id: str, **overrides) -> dict:
    return {
        "id": model_id,
        "canonical_slug": model_id,
        "name": "Anthropic: Claude Haiku 4.5",
        "context_length": 200000,
        "architecture": {
            "input_modalities": ["text", "image", "file"],
            "output_modalities": ["text"],
        },
        "pricing": {
            "prompt": "0.000001",
            "completion": "0.000005",
            "input_cache_read": "0.0000001",
            "input_cache_write": "0.00000125",
        },
        "top_provider": {"context_length": 200000, "max_completion_tokens": 64000},
        "expiration_date": None,
        **overrides,
    }


@pytest.fixture
def haiku(db):
    ProviderFactory(slug="openrouter", name="OpenRouter", kind=Provider.Kind.AGGREGATOR)
    model = LanguageModelFactory(
        slug="claude-haiku-4-5",
        lab=LabFactory(slug="anthropic"),
        context_window_tokens=200000,
        max_output_tokens=64000,
    )
    ModelAliasFactory(model=model, identifier="claude-haiku-4-5-20251001", kind="snapshot")
    return model


def write(tmp_path, *entries, name="models.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"data": list(entries)}))
    stamp = dt.datetime.combine(FILE_DATE, dt.time(12)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_prices_per_token_become_prices_per_million_exactly(tmp_path, haiku):
    path = write(
        tmp_path,
        entry("anthropic/claude-haiku-4.5"),
        entry(
            "anthropic/claude-haiku-4.5:odd",
            pricing={"prompt": "0.00000015", "completion": "0.0000375", "input_cache_read": "3E-8"},
        ),
    )

    run = import_openrouter(path, today=TODAY)

    offering = Offering.objects.get(provider_model_id="anthropic/claude-haiku-4.5")
    assert offering.model == haiku
    assert offering.input_usd_per_mtok == Decimal("1.00")
    assert offering.output_usd_per_mtok == Decimal("5.00")
    assert offering.cached_input_usd_per_mtok == Decimal("0.10")
    assert offering.cache_write_usd_per_mtok == Decimal("1.25")
    assert offering.context_window_tokens is None  # the model's own
    assert offering.source_url == "https://openrouter.ai/models"
    odd = Offering.objects.get(provider_model_id="anthropic/claude-haiku-4.5:odd")
    assert odd.model == haiku
    assert (odd.input_usd_per_mtok, odd.output_usd_per_mtok) == (Decimal("0.15"), Decimal("37.5"))
    assert odd.cached_input_usd_per_mtok == Decimal("0.03")
    assert odd.price_history.get().effective_on == FILE_DATE  # the document's date, not today
    assert (odd.last_verified_on, odd.review_status) == (FILE_DATE, "pending")
    assert odd.source_note.startswith("OpenRouter models list models.json of 2026-07-02: ")
    assert run.status == ImportRun.Status.APPLIED


def test_expiration_date_deprecates_or_retires(tmp_path, haiku):
    path = write(
        tmp_path,
        entry("anthropic/claude-haiku-4.5", expiration_date="2027-01-31"),
        entry("anthropic/claude-haiku-4-5-20251001", expiration_date="2026-06-01"),
    )

    import_openrouter(path, today=TODAY)

    soon = Offering.objects.get(provider_model_id="anthropic/claude-haiku-4.5")
    assert (soon.status, soon.retires_on) == (Offering.Status.DEPRECATED, dt.date(2027, 1, 31))
    gone = Offering.objects.get(provider_model_id="anthropic/claude-haiku-4-5-20251001")
    assert (gone.status, gone.retires_on) == (Offering.Status.RETIRED, dt.date(2026, 6, 1))


def test_bad_entries_are_skipped_with_their_field(tmp_path, haiku):
    path = write(
        tmp_path,
        entry("openrouter/auto", pricing={"prompt": "-1", "completion": "-1"}),
        entry("anthropic/claude-haiku-4.5", pricing={"prompt": "abc", "completion": "0"}),
        {"name": "no id"},
        entry("anthropic/claude-haiku-4-5-20251001"),
    )

    run = import_openrouter(path, today=TODAY)

    assert (
        "models.json: data[0] (openrouter/auto): pricing.prompt: is negative: '-1'." in run.report
    )
    assert "data[1] (anthropic/claude-haiku-4.5): pricing.prompt: is not a number: 'abc'" in (
        run.report
    )
    assert "models.json: data[2]: id: is required." in run.report
    assert list(Offering.objects.values_list("provider_model_id", flat=True)) == [
        "anthropic/claude-haiku-4-5-20251001"
    ]


def test_unmatched_models_become_drafts_of_a_known_lab(tmp_path, haiku):
    path = write(
        tmp_path,
        entry("anthropic/claude-nova-9", name="Anthropic: Claude Nova 9"),
        entry("nobody/thing", name="Nobody: Thing"),
    )

    run = import_openrouter(path, today=TODAY)

    draft = LanguageModel.objects.get(slug="claude-nova-9")
    assert (draft.name, draft.is_published, draft.lab.slug) == ("Claude Nova 9", False, "anthropic")
    assert draft.input_modalities == ["text", "image", "pdf"]
    assert "no model matched 'nobody/thing' and no lab is known: skipped." in run.report


def test_a_second_run_changes_nothing(tmp_path, haiku):
    path = write(tmp_path, entry("anthropic/claude-haiku-4.5"), entry("anthropic/claude-x-1"))
    import_openrouter(path, today=TODAY)
    records = PriceRecord.objects.count()

    run = import_openrouter(path, today=TODAY)

    assert run.counts["changes"] == 0
    assert PriceRecord.objects.count() == records


def test_a_dry_run_writes_nothing(tmp_path, haiku):
    run = import_openrouter(write(tmp_path, entry("anthropic/claude-haiku-4.5")), dry_run=True)

    assert "+ created offering openrouter anthropic/claude-haiku-4.5" in run.report
    assert not Offering.objects.exists()
    assert run.status == ImportRun.Status.DRY_RUN


@pytest.mark.parametrize("content", ["{not json", '{"models": []}', "[1, 2]"])
def test_an_unreadable_file_aborts(tmp_path, haiku, content):
    path = tmp_path / "models.json"
    path.write_text(content)

    with pytest.raises(ImportFailed):
        import_openrouter(path)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_openrouter", str(path))
    assert ImportRun.objects.filter(status=ImportRun.Status.FAILED).count() == 2
