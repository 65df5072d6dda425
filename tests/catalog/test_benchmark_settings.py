"""A benchmark result records the setting that produced it; versions and subsets are benchmarks
of their own (the bundled data, the loader, the models.dev importer and the migration that
turned the old free-text settings into choices)."""

import datetime as dt
import importlib
import json
from decimal import Decimal

import pytest

from catalog.importers.bundled import CatalogueError, load_catalogue
from catalog.importers.modelsdev import import_modelsdev, result_setting
from catalog.models import BenchmarkResult
from tests.catalog.test_bundled_catalogue import mini_model, write_catalogue
from tests.catalog.test_import_modelsdev import HAIKU, write
from tests.factories import BenchmarkFactory, ProprietaryLicenseFactory

STANDARD = BenchmarkResult.Setting.STANDARD
SCAFFOLD = BenchmarkResult.Setting.CUSTOM_SCAFFOLD
migration = importlib.import_module("catalog.migrations.0006_benchmark_settings")


@pytest.mark.parametrize(
    ("harness", "variant", "expected"),
    [
        ("", "", (STANDARD, "")),
        ("Terminus-2", "", (STANDARD, "Terminus-2 harness")),
        ("", "Terminus-2", (STANDARD, "Terminus-2 harness")),  # the variant names the harness
        ("Claude Code", "medium", (SCAFFOLD, "Claude Code harness, medium effort")),
        ("", "Claude Code", (SCAFFOLD, "Claude Code harness")),
        ("", "xhigh", (STANDARD, "xhigh effort")),
    ],
)
def test_a_modelsdev_harness_other_than_the_reference_one_is_a_custom_scaffold(
    harness, variant, expected
):
    assert result_setting(harness, variant) == expected


@pytest.mark.parametrize(
    ("old", "harness", "expected"),
    [
        ("", "", ("standard", "")),
        ("parallel test-time compute", "", ("parallel-compute", "")),
        ("multiple attempts", "", ("parallel-compute", "multiple attempts")),
        ("custom scaffold", "", ("custom-scaffold", "")),
        (
            "v2.1, Claude Code harness, medium effort",
            "Claude Code",
            ("custom-scaffold", "Claude Code harness, medium effort"),
        ),
        ("2.1", "Claude Code", ("custom-scaffold", "Claude Code harness")),
        ("v2.1, Terminus-2 harness", "Terminus-2", ("standard", "Terminus-2 harness")),
        ("extended thinking", "", ("extended-thinking", "")),
        ("no thinking", "", ("standard", "no thinking")),
        ("high reasoning, with tools", "", ("with-tools", "high reasoning")),
        ("gpt-4o-2024-08-06, Terminal-Bench Hard subset", "", ("standard", "gpt-4o-2024-08-06")),
    ],
)
def test_the_migration_reads_old_free_text_settings(old, harness, expected):
    assert migration.classify(old, harness) == expected


@pytest.mark.parametrize(
    ("benchmark", "old", "expected"),
    [
        ("terminal-bench", "v2.0", None),
        ("terminal-bench", "v2.1, Codex harness, medium effort", "terminal-bench-2-1"),
        ("terminal-bench", "Terminal-Bench Hard subset", "terminal-bench-hard"),
        ("swe-bench-pro", "hard-aa", "swe-bench-pro-hard"),
        ("swe-bench-pro", "public", None),
    ],
)
def test_the_migration_moves_versions_and_subsets_to_their_own_benchmark(benchmark, old, expected):
    target = migration.new_benchmark(benchmark, old)
    assert (target[0] if target else None) == expected


@pytest.mark.django_db
def test_the_loader_refuses_a_setting_that_is_not_a_choice(tmp_path):
    model = mini_model()
    model["benchmarks"][0]["setting"] = "thinking"
    with pytest.raises(CatalogueError, match="setting: Value 'thinking' is not a valid choice"):
        load_catalogue(write_catalogue(tmp_path, models=[model]))


@pytest.mark.django_db
def test_the_loader_keeps_one_result_per_setting_and_detail(tmp_path):
    model = mini_model()
    model["benchmarks"] = [
        {"benchmark": "bench", "score": "40", "source_url": "https://example.com/b"},
        {
            "benchmark": "bench",
            "score": "48",
            "setting": "extended-thinking",
            "setting_detail": "64K thinking tokens",
            "source_url": "https://example.com/b",
        },
    ]
    load_catalogue(write_catalogue(tmp_path, models=[model]))
    results = {
        (r.setting_label, r.score, r.is_ranked)
        for r in BenchmarkResult.objects.select_related("benchmark")
    }
    assert results == {
        ("Standard", Decimal("40.000"), True),
        ("Extended thinking (64K thinking tokens)", Decimal("48.000"), False),
    }
    (tmp_path / "lab.json").write_text(
        json.dumps({"labs": [{"slug": "lab", "name": "Lab"}], "models": [model]})
    )
    assert load_catalogue(tmp_path).changes == 0


@pytest.mark.django_db
def test_modelsdev_versions_and_harnesses_land_on_the_right_benchmark_and_setting(tmp_path):
    ProprietaryLicenseFactory()
    tb20 = BenchmarkFactory(slug="terminal-bench", name="Terminal-Bench 2.0")
    tb21 = BenchmarkFactory(slug="terminal-bench-2-1", name="Terminal-Bench 2.1")
    hard = BenchmarkFactory(slug="terminal-bench-hard", name="Terminal-Bench Hard")
    results = """
        [[benchmarks]]
        name = "Terminal-Bench"
        version = "2.1"
        harness = "Claude Code"
        variant = "medium"
        score = 41.2
        [[benchmarks]]
        name = "Terminal-Bench 2.1"
        variant = "Terminus-2"
        score = 38.0
        [[benchmarks]]
        name = "Terminal-Bench Hard"
        score = 20.5
        [[benchmarks]]
        name = "Terminal-Bench"
        version = "3.0"
        score = 12.0
    """
    root = write(
        tmp_path / "models.dev",
        {
            "models/anthropic/claude-haiku-4-5.toml": HAIKU + results,
            "providers/anthropic/provider.toml": 'name = "Anthropic"\n',
        },
    )
    report = import_modelsdev(root, today=dt.date(2026, 11, 23))

    found = {
        (r.benchmark.slug, r.setting, r.setting_detail, r.score)
        for r in BenchmarkResult.objects.select_related("benchmark")
    }
    assert found == {
        (tb21.slug, SCAFFOLD, "Claude Code harness, medium effort", Decimal("41.200")),
        (tb21.slug, STANDARD, "Terminus-2 harness", Decimal("38.000")),
        (hard.slug, STANDARD, "", Decimal("20.500")),
    }
    assert not tb20.results.exists()  # an untracked version is nobody else's result
    assert "unknown benchmark 'Terminal-Bench' (not created)" in report.report


def results(model, benchmark):
    return {
        (r.setting, r.score)
        for r in BenchmarkResult.objects.filter(model__slug=model, benchmark__slug=benchmark)
    }


def test_the_bundled_results_keep_settings_versions_and_subsets_apart(bundled):
    # Sonnet 4's parallel test-time-compute score is labelled apart from its standard one.
    assert results("claude-sonnet-4", "swe-bench-verified") == {
        (STANDARD, Decimal("72.700")),
        (BenchmarkResult.Setting.PARALLEL_COMPUTE, Decimal("80.200")),
    }
    on = {
        slug: set(
            BenchmarkResult.objects.filter(benchmark__slug=slug).values_list(
                "model__slug", flat=True
            )
        )
        for slug in ("terminal-bench", "terminal-bench-2-1", "terminal-bench-hard")
    }
    assert on["terminal-bench"] == {"claude-opus-4-5", "gemini-3-pro"}  # 2.0 only
    assert {"claude-opus-4-8", "gpt-5-5"} <= on["terminal-bench-2-1"]
    assert {"gpt-4o", "gemini-2-5-pro"} <= on["terminal-bench-hard"]
    assert results("gpt-5-5", "terminal-bench-2-1") == {
        (SCAFFOLD, Decimal("84.100")),
        (SCAFFOLD, Decimal("75.800")),
        (SCAFFOLD, Decimal("73.400")),
    }
