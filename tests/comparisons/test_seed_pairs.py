"""The seed pages' pairs, generated from the bundled catalogue: every section they show.

Seeds 000-002 compare Claude models with Qwen3.5-4B; seed 004 compares Claude 3.5 Haiku
with Llama 4. Their figures are not ours (some are wrong); their sections are the spec.
"""

import re

import pytest
from django.urls import reverse

from tests.comparisons.test_compare_pages import SECTIONS

pytestmark = pytest.mark.django_db

SEED_PAIRS = [
    ("claude-haiku-4-5", "qwen3-5-4b"),
    ("claude-3-5-sonnet-v2", "qwen3-5-4b"),
    ("claude-3-7-sonnet", "qwen3-5-4b"),
    ("claude-3-5-haiku", "llama-4-maverick"),
    ("claude-3-5-haiku", "llama-4-scout"),
]
# What every seed comparison page shows, by section (rows and phrases).
SEED_CONTENT = [
    "Decision scorecard",
    "Best for",
    "Decision fit",
    "Context window",
    "Cheapest input",
    "Cheapest output",
    "Provider routes",
    "Shared benchmarks",
    "Choose ",
    "Monthly cost at traffic",
    "Switch friction",
    "Released",
    "Parameters",
    "Architecture",
    "License",
    "Openness",
    "Commercial use",
    "Knowledge cutoff",
    "Input price",
    "Output price",
    "Providers",
    "Vision",
    "Multimodal input",
    "Reasoning mode",
    "Function calling",
    "Tool use",
    "Structured outputs",
    "Code execution",
    "IDE integration",
    "Computer use",
    "Parallel agents",
    "Which has a larger context window",
    "open source?",
    "Where can I run",
    "Last reviewed",
]


def test_seed_pairs_show_every_section_of_the_seed_pages(client, bundled):
    for pair in SEED_PAIRS:
        response = client.get(reverse("comparisons:compare", args=["-vs-".join(pair)]))
        assert response.status_code == 200, pair
        text = response.text
        assert re.findall(r"<h2[^>]*>(.*?)</h2>", text) == SECTIONS, pair
        missing = [phrase for phrase in SEED_CONTENT if phrase not in text]
        assert not missing, (pair, missing)
        for cell in response.context["comparison"].costs:  # a cost, or why there is none
            assert cell.estimate.available or cell.detail, (pair, cell)


def test_a_retired_model_says_why_it_has_no_cost(client, bundled):
    response = client.get(
        reverse("comparisons:compare", args=["claude-3-5-sonnet-v2-vs-qwen3-5-4b"])
    )
    sonnet = response.context["comparison"].costs[0]
    assert sonnet.total == "Retired"
    assert sonnet.detail == (
        "Last listed $3.00 / $15.00 (Anthropic API), "
        "retired 22 Oct 2025: no provider serves it any more"
    )


def test_haiku_vs_qwen_is_honest_about_what_is_unknown(client, bundled):
    response = client.get(reverse("comparisons:compare", args=["claude-haiku-4-5-vs-qwen3-5-4b"]))
    comparison = response.context["comparison"]
    haiku, qwen = comparison.costs
    assert haiku.estimate.available
    assert qwen.total == "Unavailable"  # no priced route is sourced for Qwen3.5-4B
    assert comparison.cost_delta.startswith("Cost delta unavailable")
    # The model card's price ($1 / $5), not the seed's $0.80.
    assert (
        "$1.00/1M tokens"
        in dict((r.label, r.cells) for r in comparison.scorecard)["Cheapest input"][0]
    )
    # The route count the scorecard shows is the one the FAQ lists providers for.
    routes = dict((r.label, r.cells) for r in comparison.scorecard)["Provider routes"][0]
    where = comparison.faq[-1].answer
    providers = len(comparison.models[0].provider_names)
    assert routes.endswith(f"at {providers} providers")
    assert all(name in where for name in comparison.models[0].provider_names)


def test_retired_claude_3_7_sonnet_shows_its_last_listed_price_and_no_monthly_cost(client, bundled):
    response = client.get(reverse("comparisons:compare", args=["claude-3-7-sonnet-vs-qwen3-5-4b"]))
    comparison = response.context["comparison"]
    sonnet = next(c for c in comparison.costs if c.model.name == "Claude 3.7 Sonnet")
    assert (sonnet.total, sonnet.estimate.available) == ("Retired", False)
    assert sonnet.detail == (
        "Last listed $3.00 / $15.00 (Anthropic API), "
        "retired 19 Feb 2026: no provider serves it any more"
    )
    assert comparison.models[0].routes == ()
    assert "Claude 3.7 Sonnet is unavailable at a listed price: last listed $3.00 / $15.00" in (
        comparison.verdict.text
    )
    profile = client.get(reverse("catalog:model-detail", args=["claude-3-7-sonnet"])).text
    assert "None: last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026." in profile
