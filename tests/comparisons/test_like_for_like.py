"""Comparisons compare benchmarks like with like, and the verdict names its figures
(plain snapshots, no database)."""

from decimal import Decimal as D

import pytest

from catalog.models import BenchmarkSetting
from comparisons.snapshots import ScoreSnapshot
from comparisons.verdict import cost_ratio
from tests.comparisons.test_analysis import compare, model, route, row

SWE = "swe-bench-verified"
PARALLEL = BenchmarkSetting.PARALLEL_COMPUTE


def swe(value, setting=BenchmarkSetting.STANDARD, **kwargs):
    return ScoreSnapshot(
        benchmark_slug=SWE,
        benchmark_name="SWE-bench Verified",
        score=D(value),
        setting=setting,
        **kwargs,
    )


def bench(slug, value, **kwargs):
    return ScoreSnapshot(benchmark_slug=slug, benchmark_name=slug.title(), score=D(value), **kwargs)


def haiku(**kwargs):
    return model("claude-haiku-4-5", name="Claude Haiku 4.5", scores=(swe("73.3"),), **kwargs)


def sonnet_4(**kwargs):
    scores = (swe("72.7"), swe("80.2", PARALLEL))
    return model("claude-sonnet-4", name="Claude Sonnet 4", scores=scores, **kwargs)


def test_haiku_4_5_leads_sonnet_4_on_the_standard_setting_not_on_parallel_compute():
    result = compare(sonnet_4(), haiku())  # the pair out of order: the leader is second
    (shared,) = result.benchmarks
    assert shared.name == "SWE-bench Verified (standard)"
    assert shared.cells == ("72.7", "73.3")
    assert (shared.leader.name, shared.gap_points) == ("Claude Haiku 4.5", D("0.6"))
    # Sonnet 4's parallel test-time-compute score is shown, labelled, and compared with nothing.
    (other,) = result.other_settings
    assert (other.name, other.setting_label, other.cells) == (
        "SWE-bench Verified",
        "Parallel test-time compute",
        ("80.2", "Unknown"),
    )
    quality = [s for s in result.signals if s.kind == "quality"]
    assert [(s.model_slug, s.points) for s in quality] == [("claude-haiku-4-5", 3)]
    assert "0.6 points ahead on SWE-bench Verified (standard)" in result.verdict.text


def test_opus_4_1_leads_opus_4_even_though_opus_4_has_a_higher_parallel_score():
    opus_4 = model(
        "claude-opus-4", name="Claude Opus 4", scores=(swe("72.5"), swe("79.4", PARALLEL))
    )
    opus_41 = model("claude-opus-4-1", name="Claude Opus 4.1", scores=(swe("74.5"),))
    result = compare(opus_4, opus_41)
    assert result.benchmarks[0].leader.name == "Claude Opus 4.1"
    assert result.benchmarks[0].gap_points == D("2.0")
    assert result.verdict.leader_slug == "claude-opus-4-1"


def test_a_benchmark_that_ranks_another_setting_compares_that_setting():
    agentic = {"ranked_setting": BenchmarkSetting.CUSTOM_SCAFFOLD}
    a = model("a", scores=(bench("agents", "50", **agentic),))
    b = model("b", scores=(bench("agents", "60", setting=PARALLEL, **agentic),))
    assert compare(a, b).benchmarks == ()  # a is in another setting than b: nothing shared
    c = model("c", scores=(bench("agents", "40", setting="custom-scaffold", **agentic),))
    d = model("d", scores=(bench("agents", "45", setting="custom-scaffold", **agentic),))
    (shared,) = compare(c, d).benchmarks
    assert (shared.name, shared.leader.name) == ("Agents (custom scaffold or agent harness)", "D")


def test_terminal_bench_hard_is_not_ranked_with_terminal_bench_2():
    a = model("a", scores=(bench("terminal-bench", "59.3"),))
    b = model("b", scores=(bench("terminal-bench-hard", "26.5"),))
    result = compare(a, b)
    assert result.benchmarks == ()
    assert not [s for s in result.signals if s.kind in ("benchmark", "quality")]
    assert {item.model.name for item in result.only_one} == {"A", "B"}


def test_lower_is_better_ranks_the_lower_score_first():
    a = model("a", scores=(bench("latency", "3.4", higher_is_better=False, unit="s"),))
    b = model("b", scores=(bench("latency", "1.2", higher_is_better=False, unit="s"),))
    result = compare(a, b)
    (shared,) = result.benchmarks
    assert (shared.leader.name, shared.gap_points) == ("B", D("2.2"))
    assert result.verdict.leader_slug == "b"
    assert "B: 2.2 s ahead on Latency (standard)" in result.verdict.text


def test_shared_rows_count_only_rows_every_model_has():
    a = model("a", scores=(bench("x", "50"), bench("y", "70")))
    b = model("b", scores=(bench("x", "40"), bench("y", "60")))
    c = model("c", scores=(bench("y", "65"),))
    result = compare(a, b, c)
    assert [r.name for r in result.benchmarks] == ["Y (standard)"]
    assert row(result.scorecard, "Shared benchmarks").cells == (
        "1 shared row; leads Y (standard)",
        "1 shared row; leads none",
        "1 shared row; leads none",
    )
    only = {item.model.name: tuple(i.text for i in item.items) for item in result.only_one}
    assert only == {"A": ("X (standard): 50",), "B": ("X (standard): 40",)}
    assert "1 shared benchmark," in result.intro


def test_no_shared_benchmark_is_said_plainly_and_counts_no_quality():
    mini = model(
        "gpt-4o-mini",
        name="GPT-4o mini",
        scores=(bench("gpqa-diamond", "40.2"),),
        routes=(route("OpenAI", "0.15", "0.60"),),
    )
    result = compare(haiku(routes=(route("Anthropic", "1", "5"),)), mini)
    assert result.benchmarks == ()
    assert not [s for s in result.signals if s.kind in ("benchmark", "quality")]
    assert (
        "Claude Haiku 4.5 and GPT-4o mini share no benchmark on a like setting, so quality "
        "is not counted." in result.verdict.text
    )
    assert row(result.scorecard, "Shared benchmarks").cells == ("0 shared rows", "0 shared rows")


def test_the_verdict_weighs_price_and_quality_above_route_counts():
    cheap = model("cheap", routes=(route("P1", "1", "5"),), scores=(bench("x", "50"),))
    broad = model(
        "broad",
        context_window_tokens=1_000_000,
        routes=(route("P1", "3", "15"), route("P2", "3", "15")),
        scores=(bench("x", "50"),),
    )
    result = compare(broad, cheap)
    assert dict(result.verdict.tally) == {"Broad": 2, "Cheap": 3}
    assert result.verdict.text.startswith(
        "Cheap has the overall edge (3 of 5 points). Cheap: 3\u00d7 cheaper at your traffic "
        "($200 vs $600 a month); level on X (standard)."
    )


def test_quality_and_routes_outweigh_price():
    cheap = model("cheap", routes=(route("P1", "1", "5"),), scores=(swe("72.7"),))
    better = model(
        "better", routes=(route("P1", "2", "10"), route("P2", "2", "10")), scores=(swe("73.3"),)
    )
    result = compare(cheap, better)
    assert result.verdict.leader_slug == "better"
    assert result.verdict.text.startswith(
        "Better has the overall edge (4 of 7 points). Better: 2\u00d7 more expensive at your "
        "traffic ($400 vs $200 a month); 0.6 points ahead on SWE-bench Verified (standard)."
    )


def test_a_model_without_a_priced_route_cannot_win_on_cost_and_is_unavailable():
    priced = model("priced", routes=(route("P1", "3", "15"),))
    unpriced = model("unpriced", routes=(route("P2", None, None),))
    result = compare(unpriced, priced)
    assert not [s for s in result.signals if s.kind == "price"]
    assert (
        "Unpriced is unavailable at a listed price: no complete token price: no input or "
        "output price sourced." in result.verdict.text
    )


def test_an_index_is_one_row_every_model_has_counted_only_when_complete():
    index = {"is_index": True, "unit": "points", "source_url": "https://example.com/index"}
    a = model("a", scores=(bench("intelligence-index", "61", **index),))
    partial = compare(a, model("b"))
    (shown,) = partial.benchmarks
    assert (shown.name, shown.cells, shown.counted) == (
        "Intelligence-Index",
        ("61", "Unknown"),
        False,
    )
    assert not [s for s in partial.signals if s.kind == "quality"]
    assert "share no benchmark on a like setting" in partial.verdict.text

    b = model("b", scores=(bench("intelligence-index", "55", **index), bench("x", "1")))
    a = model("a", scores=(bench("intelligence-index", "61", **index), bench("x", "1")))
    complete = compare(a, b)
    assert [r.name for r in complete.benchmarks] == ["Intelligence-Index", "X (standard)"]
    assert complete.benchmarks[0].sources[0] == ("A", "https://example.com/index", None)
    assert "ahead on 1 of 2 shared benchmark rows (6 points ahead on Intelligence-Index)" in (
        complete.verdict.text
    )


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        ("10", "74", "7.4\u00d7 cheaper"),
        ("74", "10", "7.4\u00d7 more expensive"),
        ("100", "104", "4% cheaper"),
        ("104", "100", "4% more expensive"),
        ("100", "110", "1.1\u00d7 cheaper"),
        ("0", "5", "free"),
        ("100", "100.1", "about the same cost"),
    ],
)
def test_cost_ratio(mine, theirs, expected):
    assert cost_ratio(D(mine), D(theirs)) == expected
