"""The bundled catalogue loader: idempotent, atomic, clear about bad files."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from catalog.importers.bundled import CatalogueError, load_catalogue
from catalog.models import (
    Benchmark,
    FactSource,
    Lab,
    LanguageModel,
    ModelCapability,
    Offering,
    PriceRecord,
    Provider,
)

pytestmark = pytest.mark.django_db

REFERENCE = {
    "capabilities": [{"slug": "vision", "name": "Vision"}],
    "use_cases": [{"slug": "coding", "name": "Coding"}],
    "licenses": [
        {
            "slug": "apache-2-0",
            "name": "Apache 2.0",
            "spdx_id": "Apache-2.0",
            "osi_approved": True,
            "openness": "open-source",
            "commercial_use": "allowed",
        }
    ],
    "providers": [{"slug": "host", "name": "Host", "kind": "inference-host"}],
    "benchmarks": [{"slug": "bench", "name": "Bench", "min_score": "0", "max_score": "100"}],
}


def mini_model(**overrides):
    model = {
        "slug": "mini-1",
        "name": "Mini 1",
        "lab": "lab",
        "release_date": "2025-01-02",
        "context_window_tokens": 32000,
        "license": "apache-2-0",
        "use_cases": ["coding"],
        "published": True,
        "last_reviewed_on": "2026-11-23",
        "source": {"url": "https://example.com/card", "checked_on": "2026-11-20"},
        "aliases": [{"identifier": "mini-1-latest", "kind": "alias"}],
        "capabilities": {"vision": {"support": "no", "note": "Text only."}},
        "offerings": [
            {
                "provider": "host",
                "provider_model_id": "lab/mini-1",
                "input": "0.10",
                "output": "0.40",
                "source_url": "https://example.com/pricing",
                "last_verified_on": "2026-11-20",
                "history": [{"effective_on": "2025-01-02", "input": "0.20", "output": "0.80"}],
            }
        ],
        "benchmarks": [
            {"benchmark": "bench", "score": "42.5", "source_url": "https://example.com/b"}
        ],
    }
    model.update(overrides)
    return model


def write_catalogue(directory, models=None, reference=None):
    (directory / "reference.json").write_text(json.dumps(reference or REFERENCE))
    lab = {"labs": [{"slug": "lab", "name": "Lab"}], "models": models or [mini_model()]}
    (directory / "lab.json").write_text(json.dumps(lab))
    return directory


def test_loads_every_part_of_a_model(tmp_path):
    report = load_catalogue(write_catalogue(tmp_path))
    model = LanguageModel.objects.get(slug="mini-1")
    assert model.lab.name == "Lab"
    assert model.release_date == dt.date(2025, 1, 2)
    assert [u.slug for u in model.use_cases.all()] == ["coding"]
    assert model.aliases.get().identifier == "mini-1-latest"
    capability = ModelCapability.objects.get(model=model)
    assert (capability.support, capability.note) == ("no", "Text only.")
    offering = Offering.objects.get(model=model)
    assert offering.input_usd_per_mtok == Decimal("0.10")
    history = list(
        PriceRecord.objects.filter(offering=offering)
        .order_by("effective_on")
        .values_list("effective_on", "input_usd_per_mtok")
    )
    assert history == [
        (dt.date(2025, 1, 2), Decimal("0.20")),
        (dt.date(2026, 11, 20), Decimal("0.10")),
    ]
    assert model.benchmark_results.get().score == Decimal("42.5")
    # Every sourced figure names its source and when it was checked.
    sources = {s.field: (s.url, s.checked_on) for s in FactSource.objects.filter(model=model)}
    assert sources["release_date"] == ("https://example.com/card", dt.date(2026, 11, 20))
    assert "context_window_tokens" in sources and "license" in sources
    assert "max_output_tokens" not in sources  # unknown: nothing to vouch for
    assert report.changes > 0


def test_second_load_changes_nothing(tmp_path):
    directory = write_catalogue(tmp_path)
    load_catalogue(directory)
    counts = {m: m.objects.count() for m in (LanguageModel, Offering, PriceRecord, FactSource)}
    report = load_catalogue(directory)
    assert report.changes == 0
    assert counts == {m: m.objects.count() for m in counts}


def test_changed_price_updates_offering_and_history(tmp_path):
    directory = write_catalogue(tmp_path)
    load_catalogue(directory)
    model = mini_model()
    model["offerings"][0]["input"] = "0.05"
    load_catalogue(write_catalogue(tmp_path, models=[model]))
    offering = Offering.objects.get()
    assert offering.input_usd_per_mtok == Decimal("0.05")
    assert offering.price_history.count() == 3


def test_editors_edits_and_locks_survive_a_reload(tmp_path):
    """An editor's change (price, capability, score, name) and a locked field are kept by
    every later load, which then changes nothing and says so."""
    directory = write_catalogue(tmp_path)
    load_catalogue(directory)
    offering = Offering.objects.get()
    offering.input_usd_per_mtok = Decimal("0.12")  # an editor's new price
    offering.save()
    model = LanguageModel.objects.get()
    model.name = "Mini One"
    model.max_output_tokens = 8000  # unknown in the catalogue: the editor filled it
    model.locked_fields = ["context_window_tokens"]
    model.context_window_tokens = 64000
    model.save()
    ModelCapability.objects.update(support="yes")
    records = PriceRecord.objects.count()

    changed = mini_model()
    changed["context_window_tokens"] = 100000  # the catalogue changes a locked field
    write_catalogue(tmp_path, models=[changed])
    first = load_catalogue(directory)
    second = load_catalogue(directory)

    offering.refresh_from_db()
    model.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("0.12")
    assert (model.name, model.max_output_tokens, model.context_window_tokens) == (
        "Mini One",
        8000,
        64000,
    )
    assert ModelCapability.objects.get().support == "yes"
    assert PriceRecord.objects.count() == records  # the editor's record is the latest
    assert offering.price_history.latest().input_usd_per_mtok == Decimal("0.12")
    assert first.changes == 0 and second.changes == 0
    kept = "\n".join(first.kept)
    assert "input_usd_per_mtok: kept editor's edit: '0.12' (the catalogue says '0.1')" in kept
    assert "context_window_tokens: locked: 64000 (the catalogue says 100000)" in kept
    assert "capabilities.vision: kept editor's edit: 'yes'" in kept
    assert second.outcome() == "no changes; 4 editor's edit(s) kept."


def test_the_catalogue_still_updates_what_no_editor_touched(tmp_path):
    load_catalogue(write_catalogue(tmp_path))
    Offering.objects.update(output_usd_per_mtok=Decimal("0.5"))  # an editor's edit
    model = mini_model(name="Mini 1.0")
    model["offerings"][0]["input"] = "0.08"
    model["capabilities"]["vision"] = "yes"

    report = load_catalogue(write_catalogue(tmp_path, models=[model]))

    offering = Offering.objects.get()
    assert (offering.input_usd_per_mtok, offering.output_usd_per_mtok) == (
        Decimal("0.08"),
        Decimal("0.5"),
    )
    assert LanguageModel.objects.get().name == "Mini 1.0"
    assert ModelCapability.objects.get().support == "yes"
    assert report.changes == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lab": "nobody"}, "unknown slug: 'nobody'"),
        ({"release_date": "yesterday"}, "not an ISO date"),
        ({"slug": "a-vs-b"}, "-vs-"),
        ({"name": ""}, "“name” is required"),
        ({"context_window_tokens": -5}, "context"),
    ],
)
def test_bad_model_is_reported_and_nothing_is_loaded(tmp_path, change, message):
    # A good model first, so a half-done load would leave it behind.
    models = [mini_model(slug="good", aliases=[], offerings=[]), mini_model(**change)]
    with pytest.raises(CatalogueError, match=message) as error:
        load_catalogue(write_catalogue(tmp_path, models=models))
    assert "lab.json" in str(error.value)
    assert not LanguageModel.objects.exists()
    assert not Lab.objects.exists()


@pytest.mark.parametrize(
    ("price", "message"),
    [("abc", "not a number"), ("-1", "non-negative"), (0.8, "not a float")],
)
def test_bad_price_is_reported(tmp_path, price, message):
    model = mini_model()
    model["offerings"][0]["input"] = price
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(write_catalogue(tmp_path, models=[model]))
    assert not Offering.objects.exists()


def test_malformed_json_names_the_file(tmp_path):
    write_catalogue(tmp_path)
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(CatalogueError, match=r"broken\.json"):
        load_catalogue(tmp_path)


def test_duplicate_slug_across_files_is_refused(tmp_path):
    write_catalogue(tmp_path)
    (tmp_path / "other.json").write_text(json.dumps({"models": [mini_model()]}))
    with pytest.raises(CatalogueError, match="defined twice: mini-1"):
        load_catalogue(tmp_path)


def test_score_outside_the_benchmark_range_is_refused(tmp_path):
    model = mini_model()
    model["benchmarks"][0]["score"] = "140"
    with pytest.raises(CatalogueError, match="score"):
        load_catalogue(write_catalogue(tmp_path, models=[model]))


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(CatalogueError, match="No catalogue files"):
        load_catalogue(tmp_path)


def test_load_catalogue_command_reports_errors_without_traceback(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    (tmp_path / "bad.json").write_text("[]")
    with pytest.raises(CommandError, match=r"Nothing was loaded\. bad\.json"):
        call_command("load_catalogue", str(tmp_path))


class TestTheBundledCatalogue:
    """The catalogue `make run` loads: big enough, true where the seeds are wrong."""

    @pytest.fixture(autouse=True)
    def loaded(self, bundled):
        self.report = bundled

    def test_second_load_is_a_no_op(self):
        assert self.report.changes > 0
        assert load_catalogue().changes == 0

    def test_size(self):
        published = LanguageModel.objects.published()
        assert published.count() >= 60
        assert Lab.objects.filter(models__is_published=True).distinct().count() >= 12
        assert Provider.objects.filter(offerings__isnull=False).distinct().count() >= 20
        assert Offering.objects.count() >= 300
        assert Benchmark.objects.filter(results__isnull=False).distinct().count() >= 10

    def test_every_model_the_seed_pages_name_is_there(self):
        slugs = {
            "claude-haiku-4-5",
            "qwen3-5-4b",
            "claude-3-5-sonnet-v2",
            "claude-3-7-sonnet",
            "claude-3-5-haiku",
            "llama-4-scout",
            "llama-4-maverick",
            "claude-sonnet-4-6",
            "claude-opus-4-6",
            "gpt-4o-mini",
            "gemini-2-5-flash",
        }
        found = set(LanguageModel.objects.published().values_list("slug", flat=True))
        assert slugs - found == set()

    def test_model_cards_win_over_the_seed_pages(self):
        haiku = LanguageModel.objects.get(slug="claude-haiku-4-5")
        first_party = haiku.offerings.get(provider__slug="anthropic")
        assert first_party.input_usd_per_mtok == Decimal("1")  # the seed says $0.80
        assert first_party.output_usd_per_mtok == Decimal("5")
        assert haiku.release_date == dt.date(2025, 10, 15)
        release = dict(
            LanguageModel.objects.filter(
                slug__in=["claude-3-5-sonnet-v2", "claude-3-7-sonnet"]
            ).values_list("slug", "release_date")
        )
        assert release == {
            "claude-3-5-sonnet-v2": dt.date(2024, 10, 22),
            "claude-3-7-sonnet": dt.date(2025, 2, 24),
        }

    def test_every_figure_has_a_source(self):
        assert not Offering.objects.filter(source_url="").exists()
        assert not Offering.objects.filter(last_verified_on__isnull=True).exists()
        for model in LanguageModel.objects.published().prefetch_related("sources"):
            fields = {source.field for source in model.sources.all()}
            if model.release_date:
                assert "release_date" in fields, model.slug
            if model.context_window_tokens:
                assert "context_window_tokens" in fields, model.slug
        from catalog.models import BenchmarkResult

        assert not BenchmarkResult.objects.filter(source_url="").exists()


def test_the_command_says_when_a_load_changes_nothing(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    directory = write_catalogue(tmp_path)
    call_command("load_catalogue", str(directory), stdout=StringIO())
    Offering.objects.update(input_usd_per_mtok=Decimal("0.11"))  # an editor's edit
    out = StringIO()
    call_command("load_catalogue", str(directory), stdout=out)
    assert out.getvalue().strip().endswith(": no changes; 1 editor's edit(s) kept.")
