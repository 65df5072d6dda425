"""export_catalogue: the bundled format, written so that a reload exports the same bytes."""

import json

import pytest
from django.core.management import call_command

from catalog.importers.bundled import DEFAULT_DIRECTORY, load_catalogue
from catalog.models import (
    Benchmark,
    Capability,
    CorrectionReport,
    FactSource,
    FaqEntry,
    Lab,
    LanguageModel,
    License,
    ModelFamily,
    Offering,
    PriceRecord,
    Provider,
    UseCase,
)

pytestmark = pytest.mark.django_db


def flush_catalogue() -> None:
    """Empty every catalogue table, children first."""
    CorrectionReport.objects.all().delete()
    FaqEntry.objects.all().delete()
    LanguageModel.objects.update(successor=None)
    LanguageModel.objects.all().delete()  # cascades to offerings, results, sources...
    for model in (ModelFamily, Provider, Benchmark, Lab, License, Capability, UseCase):
        model.objects.all().delete()
    assert not PriceRecord.objects.exists() and not FactSource.objects.exists()


def read_dir(directory) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.json"))}


def test_export_load_export_is_byte_identical(tmp_path, bundled):
    counts = (LanguageModel.objects.count(), Offering.objects.count(), PriceRecord.objects.count())
    first, second = tmp_path / "a", tmp_path / "b"
    call_command("export_catalogue", str(first), verbosity=0)

    flush_catalogue()
    assert not LanguageModel.objects.exists()
    load_catalogue(first)
    call_command("export_catalogue", str(second), verbosity=0)

    a, b = read_dir(first), read_dir(second)
    assert sorted(a) == sorted(b)
    assert {name: b[name] for name in a if a[name] != b[name]} == {}
    assert (
        LanguageModel.objects.count(),
        Offering.objects.count(),
        PriceRecord.objects.count(),
    ) == counts


def test_export_is_faithful_to_the_database(tmp_path, bundled):
    """Loading the export over the catalogue it came from changes nothing."""
    call_command("export_catalogue", str(tmp_path), verbosity=0)
    report = load_catalogue(tmp_path)
    assert report.changes == 0, report.summary()


def test_export_files_and_format(tmp_path, bundled):
    call_command("export_catalogue", str(tmp_path), verbosity=0)
    names = sorted(p.name for p in DEFAULT_DIRECTORY.glob("*.json"))
    assert sorted(p.name for p in tmp_path.glob("*.json")) == names

    text = (tmp_path / "anthropic.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert set(data) == {"labs", "families", "models"}
    assert text.endswith("}\n") and '  "families": [' in text  # two-space indent, sorted keys
    assert list(data) == sorted(data)
    slugs = [m["slug"] for m in data["models"]]
    assert slugs == sorted(slugs)
    haiku = next(m for m in data["models"] if m["slug"] == "claude-haiku-4-5")
    first_party = next(o for o in haiku["offerings"] if o["provider"] == "anthropic")
    assert first_party["input"] == "1" and first_party["output"] == "5"  # 1.000000 -> "1"
    assert isinstance(first_party["input"], str)
    assert haiku["source"]["url"].startswith("https://")
    assert {"identifier", "kind"} <= set(haiku["aliases"][0])

    reference = json.loads((tmp_path / "reference.json").read_text(encoding="utf-8"))
    assert set(reference) == {"capabilities", "use_cases", "licenses", "providers", "benchmarks"}


def test_export_keeps_unpublished_models_and_normalises_decimals(tmp_path):
    from tests.factories import LanguageModelFactory, OfferingFactory

    draft = LanguageModelFactory(is_published=False, source_url="https://example.com/card")
    OfferingFactory(model=draft, input_usd_per_mtok="0.800000", output_usd_per_mtok="2.50")
    call_command("export_catalogue", str(tmp_path), verbosity=0)
    data = json.loads((tmp_path / f"{draft.lab.slug}.json").read_text(encoding="utf-8"))
    entry = data["models"][0]
    assert entry["published"] is False
    assert entry["offerings"][0]["input"] == "0.8"
    assert entry["offerings"][0]["output"] == "2.5"
