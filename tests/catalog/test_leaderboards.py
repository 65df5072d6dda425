"""Leaderboards and model-page ranks compare one setting per benchmark, one place per model."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catalog.leaderboards import ranked_results, results_with_places
from catalog.models import Benchmark, BenchmarkSetting, LanguageModel
from tests.factories import BenchmarkFactory, BenchmarkResultFactory, LanguageModelFactory
from tests.layers import committed

STANDARD, PARALLEL = BenchmarkSetting.STANDARD, BenchmarkSetting.PARALLEL_COMPUTE


@pytest.fixture
def bench(db):
    return BenchmarkFactory(slug="bench", name="Bench")


def result(pk, name, score, setting=STANDARD, detail="", measured_on=None):
    """A result of model ``pk`` (the same model for the same pk), saved on the bench."""
    return (pk, name, score, setting, detail, measured_on)


def plain(score: Decimal) -> str:
    """72.700 -> "72.7", 20.000 -> "20"."""
    return f"{score:f}".rstrip("0").rstrip(".")


def board(results, *, higher_is_better=True, sort="", ranked_setting=STANDARD):
    """(position, model, score) of the ranking and (model, setting, score) of the others,
    as the leaderboard page lists them."""
    benchmark = Benchmark.objects.get(slug="bench")
    benchmark.higher_is_better = higher_is_better
    benchmark.ranked_setting = ranked_setting
    benchmark.save()
    models = {}
    for pk, name, score, setting, detail, measured_on in results:
        if benchmark.results.filter(model__name=name, score=Decimal(score)).exists():
            continue  # saved by an earlier call of the same test
        if pk not in models:
            models[pk] = LanguageModel.objects.filter(name=name).first() or (
                LanguageModelFactory(name=name)
            )
        BenchmarkResultFactory(
            model=models[pk],
            benchmark=benchmark,
            score=Decimal(score),
            setting=setting,
            setting_detail=detail,
            measured_on=measured_on,
        )
    page = Client().get(benchmark.get_absolute_url(), {"sort": sort} if sort else {})
    board = page.context["leaderboard"]
    ranked = [(r.position, r.model.name, plain(r.score)) for r in board.ranked]
    others = [(r.model.name, r.setting_label, plain(r.score)) for r in board.others]
    return ranked, others


def test_a_parallel_compute_score_is_listed_apart_not_ranked(bench):
    ranked, others = board(
        [
            result(1, "Sonnet 4", "72.7"),
            result(1, "Sonnet 4", "80.2", PARALLEL),
            result(2, "Haiku 4.5", "73.3"),
        ]
    )
    assert ranked == [(1, "Haiku 4.5", "73.3"), (2, "Sonnet 4", "72.7")]
    assert others == [("Sonnet 4", "Parallel test-time compute", "80.2")]


def test_each_model_has_one_place_its_best_in_the_ranked_setting(bench):
    ranked, others = board(
        [
            result(1, "GPT-4o", "16.6", detail="gpt-4o-2024-08-06"),
            result(1, "GPT-4o", "24.2", detail="gpt-4o-2024-05-13"),
            result(2, "Mini", "20"),
        ]
    )
    assert ranked == [(1, "GPT-4o", "24.2"), (2, "Mini", "20")]
    assert others == [("GPT-4o", "Standard (gpt-4o-2024-08-06)", "16.6")]


def test_lower_is_better_ranks_the_lowest_first_and_ties_share_a_place(bench):
    ranked, _ = board(
        [result(1, "Worse", "40"), result(2, "Better", "10"), result(3, "Also", "10")],
        higher_is_better=False,
    )
    assert ranked == [(1, "Also", "10"), (1, "Better", "10"), (3, "Worse", "40")]


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_a_model_page_gives_each_best_result_its_leaderboards_place(bench, higher_is_better):
    """The model page's places (``results_with_places``, counted per result) are the
    leaderboard's (``ranked_results``, RANK() over each model's best): a tie, a lesser run,
    another setting, and an unpublished model's score that counts in neither."""
    bench.higher_is_better = higher_is_better
    bench.save()
    for name, scores in (("A", ["50", "5"]), ("B", ["30"]), ("C", ["30"]), ("D", ["10"])):
        model = LanguageModelFactory(name=name)
        for run, score in enumerate(scores):
            BenchmarkResultFactory(
                model=model, benchmark=bench, score=Decimal(score), setting_detail=f"run {run}"
            )
    BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(99), setting=PARALLEL)
    hidden = LanguageModelFactory(name="Hidden", is_published=False)
    BenchmarkResultFactory(model=hidden, benchmark=bench, score=Decimal(40))
    BenchmarkResultFactory(model=hidden, benchmark=bench, score=Decimal(20), setting_detail="2")
    board = [(r.model.name, plain(r.score), r.position) for r in ranked_results(bench)]
    if higher_is_better:
        assert board == [("A", "50", 1), ("B", "30", 2), ("C", "30", 2), ("D", "10", 4)]
    else:
        assert board == [("A", "5", 1), ("D", "10", 2), ("B", "30", 3), ("C", "30", 3)]
    places = {
        (r.model.name, plain(r.score)): (r.position, r.entrants)
        for r in results_with_places().filter(benchmark=bench, model__is_published=True)
    }
    assert [places[name, score] for name, score, _ in board] == [
        (position, 4) for _, _, position in board
    ]


def test_a_benchmark_can_rank_another_setting(bench):
    ranked, others = board(
        [result(1, "A", "50"), result(2, "B", "60", PARALLEL)], ranked_setting=PARALLEL
    )
    assert ranked == [(1, "B", "60")]
    assert others == [("A", "Standard", "50")]


def test_sorting_keeps_the_positions_and_undated_results_go_last(bench):
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
    assert [row.model.name for row in ranked] == ["Opus"]
    ranked = client.get(hard.get_absolute_url()).context["leaderboard"].ranked
    assert [row.model.name for row in ranked] == ["Gemini"]


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
def test_leaderboard_rows_escape_names_and_notes_as_django_does(client):
    swe = BenchmarkFactory(slug="swe-bench-verified", name="SWE-bench Verified")
    odd = LanguageModelFactory(name='<b>"Odd"</b> & Co', slug="odd")
    BenchmarkResultFactory(
        model=odd,
        benchmark=swe,
        score=Decimal("50.25"),  # shown half up, at one decimal: 50.3
        source_url="https://lab.test/?a=1&b=2",
        source_note="the 'card'",
        checked_on=dt.date(2026, 7, 2),
    )
    ranking = client.get(swe.get_absolute_url()).text.split("Other results")[0]
    assert (
        '<td class="num">1</td><th scope="row"><a href="/models/odd/">'
        '&lt;b&gt;&quot;Odd&quot;&lt;/b&gt; &amp; Co</a></th><td class="num">50.3<'
    ) in ranking
    assert (
        '<a href="https://lab.test/?a=1&amp;b=2" rel="nofollow noopener">source</a> '
        '<span class="source-note">(the &#x27;card&#x27;)</span>, checked 2 Jul 2026'
    ) in ranking


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


@pytest.fixture
def five_scores(monkeypatch, bench):
    """Scores 10..50 (two tied at 30), two a page; a lesser run and another setting apart."""
    monkeypatch.setattr("catalog.leaderboards.RESULTS_PER_PAGE", 2)
    monkeypatch.setattr("catalog.leaderboards.OTHERS_PER_PAGE", 1)
    for name, score in (("E", 10), ("D", 30), ("C", 30), ("B", 40), ("A", 50)):
        model = LanguageModelFactory(name=name)
        BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(score))
    a = LanguageModel.objects.get(name="A")
    BenchmarkResultFactory(model=a, benchmark=bench, score=Decimal(1), setting_detail="old")
    BenchmarkResultFactory(model=a, benchmark=bench, score=Decimal(99), setting=PARALLEL)
    return bench


def listed(response):
    return [(r.position, r.model.name) for r in response.context["leaderboard"].ranked]


def test_the_leaderboard_pages_keep_the_places_and_the_sort(client, five_scores):
    url = five_scores.get_absolute_url()
    first = client.get(url)
    assert listed(first) == [(1, "A"), (2, "B")]
    assert "5 models ranked, 2 a page." in first.text
    next_link = re.search(r'<a href="([^"]+)" rel="next">', first.text).group(1)
    assert next_link == "?page=2"
    second = client.get(url + next_link)
    assert listed(second) == [(3, "C"), (3, "D")]  # tied: one place, by name
    assert "Page 2 of 3" in second.text
    by_name = client.get(url, {"sort": "-model", "page": "2"})
    assert listed(by_name) == [(3, "C"), (2, "B")]
    assert 'href="?sort=-model&amp;page=3" rel="next"' in by_name.text
    assert listed(client.get(url, {"page": "99"})) == [(5, "E")]  # the last page


def test_the_other_results_page_on_their_own(client, five_scores):
    url = five_scores.get_absolute_url()
    first = client.get(url, {"page": "2"})
    (other,) = first.context["leaderboard"].others
    assert (other.setting_label, other.score) == ("Parallel test-time compute", 99)
    assert 'href="?page=2&amp;others=2" rel="next"' in first.text
    second = client.get(url, {"page": "2", "others": "2"})
    (other,) = second.context["leaderboard"].others
    assert (other.setting_label, other.score) == ("Standard (old)", 1)
    assert listed(second) == [(3, "C"), (3, "D")]


@pytest.mark.parametrize("size", [3, 40])
def test_the_leaderboard_query_count_does_not_grow(client, bench, size, django_assert_num_queries):
    with committed():
        for n in range(size):
            model = LanguageModelFactory()
            BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(n))
            BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(n), setting=PARALLEL)
    # version, benchmark, chart points, ranked count + page, others count + page
    with django_assert_num_queries(7):
        response = client.get(bench.get_absolute_url())
    assert len(response.context["leaderboard"].ranked) == size
