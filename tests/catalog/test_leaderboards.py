"""Leaderboards and model-page ranks compare one setting per benchmark, one place per model."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.leaderboards import build_leaderboard
from catalog.models import BenchmarkResult, BenchmarkSetting, LanguageModel
from tests.factories import BenchmarkFactory, BenchmarkResultFactory, LanguageModelFactory

STANDARD, PARALLEL = BenchmarkSetting.STANDARD, BenchmarkSetting.PARALLEL_COMPUTE


def result(pk, name, score, setting=STANDARD, detail="", measured_on=None):
    return BenchmarkResult(
        model=LanguageModel(pk=pk, name=name),
        score=Decimal(score),
        setting=setting,
        setting_detail=detail,
        measured_on=measured_on,
    )


def board(results, *, higher_is_better=True, sort="", ranked_setting=STANDARD):
    leaderboard = build_leaderboard(
        results, ranked_setting=ranked_setting, higher_is_better=higher_is_better, sort=sort
    )
    ranked = [
        (row.position, row.result.model.name, str(row.result.score)) for row in leaderboard.ranked
    ]
    others = [(r.model.name, r.setting_label, str(r.score)) for r in leaderboard.others]
    return ranked, others


def test_a_parallel_compute_score_is_listed_apart_not_ranked():
    ranked, others = board(
        [
            result(1, "Sonnet 4", "72.7"),
            result(1, "Sonnet 4", "80.2", PARALLEL),
            result(2, "Haiku 4.5", "73.3"),
        ]
    )
    assert ranked == [(1, "Haiku 4.5", "73.3"), (2, "Sonnet 4", "72.7")]
    assert others == [("Sonnet 4", "Parallel test-time compute", "80.2")]


def test_each_model_has_one_place_its_best_in_the_ranked_setting():
    ranked, others = board(
        [
            result(1, "GPT-4o", "16.6", detail="gpt-4o-2024-08-06"),
            result(1, "GPT-4o", "24.2", detail="gpt-4o-2024-05-13"),
            result(2, "Mini", "20"),
        ]
    )
    assert ranked == [(1, "GPT-4o", "24.2"), (2, "Mini", "20")]
    assert others == [("GPT-4o", "Standard (gpt-4o-2024-08-06)", "16.6")]


def test_lower_is_better_ranks_the_lowest_first_and_ties_share_a_place():
    ranked, _ = board(
        [result(1, "Worse", "40"), result(2, "Better", "10"), result(3, "Also", "10")],
        higher_is_better=False,
    )
    assert ranked == [(1, "Also", "10"), (1, "Better", "10"), (3, "Worse", "40")]


def test_a_benchmark_can_rank_another_setting():
    ranked, others = board(
        [result(1, "A", "50"), result(2, "B", "60", PARALLEL)], ranked_setting=PARALLEL
    )
    assert ranked == [(1, "B", "60")]
    assert others == [("A", "Standard", "50")]


def test_sorting_keeps_the_positions_and_undated_results_go_last():
    results = [
        result(1, "Old", "50", measured_on=dt.date(2025, 1, 1)),
        result(2, "Undated", "70"),
        result(3, "New", "60", measured_on=dt.date(2026, 1, 1)),
    ]
    latest, _ = board(results, sort="-date")
    assert latest == [(2, "New", "60"), (3, "Old", "50"), (1, "Undated", "70")]
    earliest, _ = board(results, sort="date")
    assert [name for _, name, _ in earliest] == ["Old", "New", "Undated"]


@pytest.mark.django_db
def test_terminal_bench_hard_is_not_ranked_with_terminal_bench_2(client):
    tb2 = BenchmarkFactory(slug="terminal-bench", name="Terminal-Bench 2.0")
    hard = BenchmarkFactory(slug="terminal-bench-hard", name="Terminal-Bench Hard")
    opus = LanguageModelFactory(name="Opus")
    BenchmarkResultFactory(model=opus, benchmark=tb2, score=Decimal("59.3"))
    BenchmarkResultFactory(benchmark=hard, score=Decimal("26.5"), model__name="Gemini")
    ranked = client.get(tb2.get_absolute_url()).context["leaderboard"].ranked
    assert [row.result.model.name for row in ranked] == ["Opus"]
    ranked = client.get(hard.get_absolute_url()).context["leaderboard"].ranked
    assert [row.result.model.name for row in ranked] == ["Gemini"]


@pytest.mark.django_db
def test_the_leaderboard_page_labels_other_settings_and_unknown_dates(client):
    swe = BenchmarkFactory(slug="swe-bench-verified", name="SWE-bench Verified")
    sonnet = LanguageModelFactory(name="Sonnet 4")
    BenchmarkResultFactory(model=sonnet, benchmark=swe, score=Decimal("72.7"))
    BenchmarkResultFactory(
        model=sonnet, benchmark=swe, score=Decimal("80.2"), setting=PARALLEL, measured_on=None
    )
    BenchmarkResultFactory(benchmark=swe, score=Decimal("73.3"), model__name="Haiku 4.5")
    response = client.get(swe.get_absolute_url())
    ranking, others = response.text.split("Other results, not ranked")
    assert ranking.index("Haiku 4.5") < ranking.index("Sonnet 4") and "80.2" not in ranking
    assert "Parallel test-time compute" in others and "80.2" in others
    assert "date unknown" in others


@pytest.mark.django_db
def test_the_model_page_ranks_the_ranked_setting_and_counts_each_model_once(client):
    swe = BenchmarkFactory(slug="swe-bench-verified", name="SWE-bench Verified")
    sonnet = LanguageModelFactory(name="Sonnet 4", slug="sonnet-4")
    BenchmarkResultFactory(model=sonnet, benchmark=swe, score=Decimal("72.7"))
    BenchmarkResultFactory(model=sonnet, benchmark=swe, score=Decimal("80.2"), setting=PARALLEL)
    haiku = LanguageModelFactory(name="Haiku 4.5")
    BenchmarkResultFactory(model=haiku, benchmark=swe, score=Decimal("73.3"))
    BenchmarkResultFactory(
        model=haiku, benchmark=swe, score=Decimal("70"), setting_detail="old run"
    )
    text = client.get(reverse("catalog:model-detail", args=["sonnet-4"])).text
    benchmarks = text[text.index('id="benchmarks"') :]
    assert "2nd of 2" in benchmarks  # Haiku's second standard run does not count twice
    assert "not ranked: the leaderboard ranks the standard setting" in benchmarks
    assert "(Parallel test-time compute)" in benchmarks
