"""The rules behind every section of a comparison, on plain snapshots (no database)."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from comparisons.analysis import build_comparison
from comparisons.costs import Traffic, cheapest_route_cost
from comparisons.results import SourcedFact
from comparisons.snapshots import (
    CapabilityRef,
    ModelSnapshot,
    RouteSnapshot,
    ScoreSnapshot,
    SourceSnapshot,
)

CAPS = [CapabilityRef("vision", "Vision"), CapabilityRef("function-calling", "Function calling")]
TRAFFIC = Traffic(input_tokens=100_000_000, output_tokens=20_000_000)


def route(provider, input_price="1", output_price="5", **kwargs):
    return RouteSnapshot(
        provider_slug=provider.lower().replace(" ", "-"),
        provider_name=provider,
        provider_model_id=f"{provider}/model",
        input_usd_per_mtok=None if input_price is None else D(input_price),
        output_usd_per_mtok=None if output_price is None else D(output_price),
        **{"provider_kind": "inference-host", **kwargs},
    )


def score(slug, value, name=None):
    return ScoreSnapshot(benchmark_slug=slug, benchmark_name=name or slug.upper(), score=D(value))


def model(slug, **kwargs):
    defaults = {
        "name": slug.title(),
        "lab_name": "Lab",
        "lab_slug": "lab",
        "release_date": dt.date(2025, 1, 1),
        "context_window_tokens": 128_000,
        "license_name": "Proprietary",
        "openness": "proprietary",
        "commercial_use": "Commercial use with conditions",
    }
    defaults.update(kwargs)
    return ModelSnapshot(slug=slug, **defaults)


def compare(*models, traffic=TRAFFIC, **kwargs):
    return build_comparison(list(models), capabilities=CAPS, traffic=traffic, **kwargs)


def row(rows, label):
    return next(r for r in rows if r.label == label)


# Verdict ---------------------------------------------------------------------------------
def test_verdict_goes_to_the_model_with_more_signals():
    a = model("a", context_window_tokens=200_000, routes=(route("P1"), route("P2")))
    b = model("b", context_window_tokens=100_000, routes=(route("P1", "2", "10"),))
    result = compare(a, b)
    assert result.verdict.leader_slug == "a"
    assert result.verdict.text == (
        "A has the overall edge (5 of 5 points). A: 2\u00d7 cheaper at your traffic "
        "($200 vs $400 a month). A and B share no benchmark on a like setting, so "
        "quality is not counted. B leads on none of the signals we track."
    )


def test_tied_signals_mean_the_data_cannot_decide():
    a = model("a", context_window_tokens=200_000, capabilities={"vision": "no"})
    b = model("b", capabilities={"vision": "yes"})
    result = compare(a, b)
    assert result.verdict.leader_slug is None
    assert result.verdict.text.startswith("The data cannot separate A and B")
    assert "A when a larger context window matters" in result.verdict.text
    assert "B when you need Vision" in result.verdict.text


def test_a_capability_unknown_elsewhere_is_no_confirmed_advantage():
    a = model("a", capabilities={"vision": "yes"})
    result = compare(a, model("b"))
    assert not [s for s in result.signals if s.kind == "capabilities"]
    assert result.verdict.leader_slug is None
    assert "A exposes Vision, which our data has not confirmed for B." in (
        result.tradeoffs[0].bullets
    )


def test_no_signal_at_all_says_so():
    result = compare(model("a"), model("b"))
    assert result.verdict.leader_slug is None
    assert "no sourced signal separates them" in result.verdict.text


def test_curated_verdict_and_intro_replace_the_generated_ones():
    result = compare(model("a"), model("b"), curated_verdict="Editors say A.", curated_intro="Hi.")
    assert result.verdict.text == "Editors say A."
    assert result.intro == "Hi."


# Context, licenses, unknowns ----------------------------------------------------------
def test_equal_context_windows_give_no_signal():
    result = compare(model("a"), model("b"))
    assert not [s for s in result.signals if s.kind == "context"]
    faq = result.faq[0]
    assert faq.answer == "They have the same context window: 128K tokens."


def test_unknown_context_window_is_unknown_not_smaller():
    result = compare(model("a", context_window_tokens=None), model("b"))
    assert not [s for s in result.signals if s.kind == "context"]
    assert row(result.specs, "Context window").cells == ("Unknown", "128K")
    assert not row(result.specs, "Context window").cells[0].known
    assert "A's context window is not sourced yet" in result.faq[0].answer


def test_missing_license_is_unknown_everywhere():
    a = model("a", license_name=None, openness=None, commercial_use=None)
    b = model("b", license_name="Apache 2.0", license_osi_approved=True, openness="open-source")
    result = compare(a, b)
    assert row(result.specs, "License").cells == ("Unknown", "Apache 2.0 (OSI-approved)")
    assert row(result.specs, "Openness").cells == ("Unknown", "Open source")
    # Only one license is known, so openness cannot be compared.
    assert not [s for s in result.signals if s.kind == "openness"]
    assert "A's license is not sourced yet." in result.faq[1].answer


def test_open_weights_beat_proprietary():
    b = model("b", license_name="Apache 2.0", license_osi_approved=True, openness="open-source")
    result = compare(model("a"), b)
    openness = [s for s in result.signals if s.kind == "openness"]
    assert [s.model_slug for s in openness] == ["b"]
    assert "is open source under Apache 2.0 (OSI-approved)" in openness[0].reason


def test_unknown_capability_is_shown_as_unknown_never_no():
    a = model("a", capabilities={"vision": "yes", "function-calling": "no"})
    b = model("b")
    result = compare(a, b)
    assert row(result.capabilities, "Vision").cells == ("Yes", "Unknown")
    assert row(result.capabilities, "Function calling").cells == ("No", "Unknown")
    friction = result.friction[0]
    assert any("Vision: unknown for B" in bullet for bullet in friction.bullets)


# Prices and providers ----------------------------------------------------------------
def test_model_with_zero_providers():
    a = model("a", routes=(route("P1", "0.80", "4"), route("P2", "1", "5")))
    b = model("b")
    result = compare(a, b)
    costs = {cell.model.name: cell for cell in result.costs}
    assert costs["A"].total == "$160"  # 100M * 0.80 + 20M * 4
    assert costs["A"].detail == "Cheapest tracked route: P1"
    assert costs["B"].total == "Unavailable"
    assert costs["B"].detail == "No provider route is sourced"
    assert result.cost_delta.startswith("Cost delta unavailable")
    assert row(result.pricing, "Providers").cells == ("P1 and P2", "none tracked yet")
    assert "B has no tracked provider route yet." in result.faq[-1].answer


def test_incomplete_prices_are_unavailable_with_the_reason():
    b = model("b", routes=(route("P1", "1", None),))
    result = compare(model("a", routes=(route("P2"),)), b)
    cell = next(c for c in result.costs if c.model.name == "B")
    assert cell.total == "Unavailable"
    assert "no output price sourced" in cell.detail
    assert not [s for s in result.signals if s.kind == "price"]


def test_cost_cards_delta_and_signal_share_one_money_precision():
    # $18.26 next to $244: every amount of the comparison in whole dollars, none in cents.
    traffic = Traffic(input_tokens=6_087_500, output_tokens=12_175_000)
    cheap = model("cheap", routes=(route("P1", "2", "0.50"),))
    dear = model("dear", routes=(route("P1", "0.10", "20"),))
    result = compare(cheap, dear, traffic=traffic)
    assert [(c.model.name, c.total) for c in result.costs] == [("Cheap", "$18"), ("Dear", "$244")]
    assert (
        result.cost_delta == "Cheap is the cheapest at this traffic; Dear costs $226 more a month."
    )
    price = next(s for s in result.signals if s.kind == "price")
    assert "$18 a month vs $244" in price.reason
    # Only small amounts: cents throughout.
    small = compare(cheap, model("b", routes=(route("P1", "2", "1"),)), traffic=traffic)
    assert [c.total for c in small.costs] == ["$18.26", "$24.35"]
    assert small.cost_delta.endswith("B costs $6.09 more a month.")


def test_cost_delta_and_price_signal():
    a = model("a", routes=(route("P1", "1", "5"),))
    b = model("b", routes=(route("P1", "3", "15"),))
    result = compare(a, b)
    assert result.cost_delta == "A is the cheapest at this traffic; B costs $400 more a month."
    assert [s.model_slug for s in result.signals if s.kind == "price"] == ["a"]


def test_cheapest_route_is_chosen_by_monthly_cost_not_by_list_order():
    routes = (route("Dear", "0.5", "20"), route("Cheap", "1", "2"))
    chosen = cheapest_route_cost(routes, TRAFFIC)
    assert chosen.route.provider_name == "Cheap"  # 100 + 40 beats 50 + 400


def test_route_counts_agree_across_scorecard_faq_tradeoffs_and_deep_dive():
    a = model("a", routes=tuple(route(f"P{n}") for n in range(5)))
    b = model("b", routes=(route("P1"), route("Q")))
    result = compare(a, b)
    assert row(result.scorecard, "Provider routes").cells == (
        "5 tracked at 5 providers",
        "2 tracked at 2 providers",
    )
    where = result.faq[-1].answer
    assert where.startswith("A is available on P0, P1, P2, P3, and P4. B is available on P1 and Q.")
    providers = next(s for s in result.signals if s.kind == "providers")
    assert "(5 routes vs 2)" in providers.reason
    assert "5 versus 2 tracked routes" in " ".join(result.deep_dive)
    assert any("Both run on P1" in b for b in result.friction[0].bullets)


# Benchmarks --------------------------------------------------------------------------
def test_shared_benchmarks_with_leader_and_gap():
    a = model("a", scores=(score("mmlu-pro", "80.3", "MMLU-Pro"), score("only-a", "10")))
    b = model("b", scores=(score("mmlu-pro", "79.1", "MMLU-Pro"),))
    result = compare(a, b)
    (shared,) = result.benchmarks
    assert (shared.name, shared.cells, shared.leader.name) == (
        "MMLU-Pro (standard)",
        ("80.3", "79.1"),
        "A",
    )
    assert shared.gap_points == D("1.2")
    assert result.only_one[0].model.name == "A"
    assert "ahead by 1.2 points" in result.tradeoffs[0].bullets[0]
    assert "The largest visible gap is 1.2 points on MMLU-Pro (standard)" in result.deep_dive[0]


def test_benchmark_tie_has_no_leader():
    a = model("a", scores=(score("x", "50"),))
    b = model("b", scores=(score("x", "50"),))
    result = compare(a, b)
    assert result.benchmarks[0].leader is None
    assert "tie on every shared benchmark" in result.deep_dive[0]


def test_no_shared_benchmarks():
    result = compare(model("a", scores=(score("x", "1"),)), model("b"))
    assert result.benchmarks == ()
    assert "No benchmark is shared on a like setting for A and B" in result.deep_dive[0]
    assert row(result.scorecard, "Shared benchmarks").cells == ("0 shared rows", "0 shared rows")


# Lifecycle, size, text ---------------------------------------------------------------
def test_deprecated_target_names_retirement_and_successor():
    old = model(
        "old",
        lifecycle="deprecated",
        retires_on=dt.date(2026, 2, 19),
        successor_name="New Model",
    )
    result = compare(model("a"), old)
    to_old = next(f for f in result.friction if f.to_model.name == "Old")
    assert any(
        "Old is deprecated, retiring on 19 Feb 2026; its named successor is New Model" in b
        for b in to_old.bullets
    )


def test_verdict_names_models_that_lead_on_nothing_in_agreement_with_their_number():
    cheap = model("a", routes=(route("P", "1", "5"),))
    dear = [model(slug, routes=(route("P", "3", "15"),)) for slug in "bc"]
    assert compare(cheap, *dear).verdict.text.endswith(
        "B and C lead on none of the signals we track."
    )


def test_spec_dates_read_in_the_one_date_format():
    a = model("a", release_date=dt.date(2025, 10, 15), knowledge_cutoff="2025-02")
    b = model("b", release_date=None)
    result = compare(a, b)
    assert row(result.specs, "Released").cells == ("15 Oct 2025", "Unknown")
    assert row(result.specs, "Knowledge cutoff").cells == ("Feb 2025", "Unknown")


def test_four_models_and_limits():
    models = [model(slug) for slug in "abcd"]
    result = compare(*models)
    assert len(result.tradeoffs) == 4
    assert len(result.friction) == 12
    with pytest.raises(ValueError):
        compare(*models, model("e"))
    with pytest.raises(ValueError):
        compare(model("a"))


def test_generated_text_never_says_none_or_nan():
    result = compare(model("a", release_date=None, context_window_tokens=None), model("b"))
    text = " ".join(
        [result.intro, result.verdict.text, *result.deep_dive]
        + [item.answer for item in result.faq]
    )
    assert not re.search(r"\bNone\b|\bnan\b", text)
    assert "A (release date unknown)" in result.intro


def test_on_a_price_tie_the_labs_own_api_is_named():
    a = model(
        "a",
        routes=(
            route("Amazon Bedrock", "1", "5"),  # before "Anthropic API" by name
            route("Anthropic API", "1", "5", provider_kind="first-party"),
        ),
    )
    result = compare(a, model("b"))
    assert row(result.scorecard, "Cheapest input").cells[0] == "$1.00/1M tokens (Anthropic API)"
    assert row(result.scorecard, "Cheapest output").cells[0] == "$5.00/1M tokens (Anthropic API)"


def test_cheapest_input_and_cheapest_output_each_read_that_price_alone():
    # The route cheapest on input is the dearest on output, and the other way round; the
    # cheapest on both prices together is neither.
    a = model(
        "a",
        routes=(
            route("Low Input", "0.5", "20"),
            route("Low Output", "3", "1"),
            route("Balanced", "1", "2"),
        ),
    )
    result = compare(a, model("b"))
    assert row(result.scorecard, "Cheapest input").cells[0] == "$0.50/1M tokens (Low Input)"
    assert row(result.scorecard, "Cheapest output").cells[0] == "$1.00/1M tokens (Low Output)"


# The line that decides, and how generated text reads --------------------------------------
TIMES = "\N{MULTIPLICATION SIGN}"


@pytest.mark.parametrize(
    ("prices", "expected"),
    [
        # 100M input + 20M output tokens: $0.15/$0.60 -> $27; $2.50/$10 -> $450. One
        # precision for both amounts: whole dollars, as one of them is $100 or more.
        (
            (("0.15", "0.60"), ("2.50", "10")),
            f"A is 16.7{TIMES} cheaper: $27 vs $450 a month",
        ),
        # Both under $100: both in cents.
        (
            (("0.15", "0.60"), ("0.25", "1")),
            f"A is 1.7{TIMES} cheaper: $27.00 vs $45.00 a month",
        ),
        ((("1", "5"), ("1.04", "5")), "A is 2% cheaper: $200 vs $204 a month"),
        ((("1", "5"), ("1", "5")), "They cost the same: $200 a month"),
        (
            (("1", "5"), (None, "5")),
            "Only A has a complete price: $200 a month (B: no price listed)",
        ),
        (((None, "5"), (None, "5")), "No complete price is listed for A or B"),
    ],
)
def test_headline_gives_the_cost_ratio_and_figures(prices, expected):
    a = model("a", routes=(route("P", *prices[0]),))
    b = model("b", routes=(route("P", *prices[1]),))
    assert compare(a, b).headline == f"{expected}; no benchmark shared on a like setting."


def test_headline_names_the_shared_benchmark_leader_for_three_models():
    a = model("a", routes=(route("P", "1", "5"),), scores=(score("x", "80"), score("y", "50")))
    b = model("b", routes=(route("P", "2", "10"),), scores=(score("x", "70"), score("y", "60")))
    c = model("c", routes=(route("P", "4", "20"),), scores=(score("x", "60"), score("y", "55")))
    headline = compare(a, b, c).headline
    assert headline == (
        f"A is the cheapest at $200 a month, vs B $400 (2.0{TIMES}) and C $800 "
        f"(4.0{TIMES}); A and B each lead 1 of 2 shared benchmarks."
    )


def test_generated_sentences_never_hold_a_dash_or_a_lower_cased_capability():
    a = model(
        "a",
        routes=(route("P"),),
        capabilities={"vision": "yes", "function-calling": "yes"},
        scores=(score("x", "80"),),
    )
    b = model("b", capabilities={"vision": "no"}, scores=(score("x", "70"),))
    c = model("c", scores=(score("y", "1"),))
    result = compare(a, b, c)
    sentences = [
        result.intro,
        result.verdict.text,
        result.headline,
        *result.deep_dive,
        *(item.answer for item in result.faq),
        *(bullet for t in result.tradeoffs for bullet in t.bullets),
    ]
    assert not [s for s in sentences if "—" in s]
    assert not [s for s in sentences if "function calling" in s or "vision" in s]
    assert row(result.pricing, "Input price").cells[1] == "no price listed"
    assert row(result.scorecard, "Cheapest output").cells[2] == "no price listed"


def test_capability_questions_collapse_into_one_table():
    a = model("a", capabilities={"vision": "yes", "function-calling": "yes"})
    b = model("b", capabilities={"vision": "yes", "function-calling": "no"})
    faq = compare(a, b).faq
    questions = [item.question for item in faq]
    assert not [q for q in questions if q.startswith("Which is better for Vision")]
    table = next(item for item in faq if item.rows)
    assert table.question == "Which is better for each capability, A or B?"
    assert [(r.label, r.cells) for r in table.rows] == [
        ("Vision", ("Both", "none")),
        ("Function calling", ("A", "B: no")),
    ]
    assert table.answer.startswith("Vision: Both. Function calling: A (B: no).")


def test_the_capability_answer_calls_an_unsourced_capability_unknown_never_no():
    a = model("a", capabilities={"vision": "yes", "function-calling": "yes"})
    b = model("b", capabilities={"vision": "no"})  # function calling: nobody sourced it
    c = model("c", capabilities={"function-calling": "no"})  # vision: unknown
    table = next(item for item in compare(a, b, c).faq if item.rows)
    assert [(r.label, r.cells) for r in table.rows] == [
        ("Vision", ("A", "B: no; C: unknown")),
        ("Function calling", ("A", "B: unknown; C: no")),
    ]
    assert table.answer.startswith(
        "Vision: A (B: no; C: unknown). Function calling: A (B: unknown; C: no)."
    )


def test_a_license_named_like_its_openness_is_not_repeated():
    license_answer = next(
        i for i in compare(model("a"), model("b")).faq if "open source" in i.question
    )
    assert "A is listed under Proprietary." in license_answer.answer
    assert "(Proprietary)" not in license_answer.answer


def test_only_one_lines_name_their_source_and_date():
    a = model(
        "a",
        scores=(
            ScoreSnapshot(
                "only-a",
                "ONLY-A",
                D("10"),
                source_url="https://a.test/card",
                measured_on=dt.date(2025, 3, 1),
            ),
            ScoreSnapshot("undated", "UNDATED", D("20")),
        ),
        capabilities={"vision": "yes", "function-calling": "yes"},
        capability_urls={"vision": "https://a.test/vision"},
        sources=(SourceSnapshot("Capabilities", "https://a.test/card", dt.date(2026, 7, 2)),),
    )
    b = model("b", capabilities={"vision": "no", "function-calling": "unknown"})
    result = compare(a, b)
    (only,) = result.only_one
    assert only.items == (
        SourcedFact(
            "ONLY-A (standard): 10", "https://a.test/card", dt.date(2025, 3, 1), "measured"
        ),
        SourcedFact("UNDATED (standard): 20", "", None, "measured"),
    )
    # Function calling is unknown for B: no confirmed "only A" line for it.
    (only_caps,) = result.only_capabilities
    assert (only_caps.model.name, only_caps.items) == (
        "A",
        (SourcedFact("Vision", "https://a.test/vision", dt.date(2026, 7, 2)),),
    )
    undated = compare(model("a", capabilities={"vision": "yes"}), b)
    assert undated.only_capabilities[0].items == (SourcedFact("Vision", "", None),)
