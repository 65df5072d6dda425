"""The site FAQ: editors' entries plus questions answered live, as FAQPage JSON-LD."""

import datetime as dt
import html
import json
import re
from decimal import Decimal

import pytest

from catalog.models import ModelCapability
from comparisons.home import TIERS, cheapest_by_tier, cheapest_in_tier
from tests.factories import (
    CapabilityFactory,
    FaqEntryFactory,
    LanguageModelFactory,
    LicenseFactory,
    ModelCapabilityFactory,
    OfferingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    vision = CapabilityFactory(slug="vision", name="Vision")
    tools = CapabilityFactory(slug="function-calling", name="Function calling")
    giant = LanguageModelFactory(name="Giant Context", context_window_tokens=2_000_000)
    LanguageModelFactory(name="Hidden Giant", context_window_tokens=9_000_000, is_published=False)
    open_tools = LanguageModelFactory(name="Open Tools", license=LicenseFactory())
    closed_tools = LanguageModelFactory(name="Closed Tools")
    cheap_eye = LanguageModelFactory(name="Cheap Eye")
    dear_eye = LanguageModelFactory(name="Dear Eye")
    for model in (open_tools, closed_tools):
        ModelCapabilityFactory(model=model, capability=tools)
    for model in (cheap_eye, dear_eye, giant):
        ModelCapabilityFactory(model=model, capability=vision)
    ModelCapabilityFactory(
        model=LanguageModelFactory(name="Unsure Eye"),
        capability=vision,
        support=ModelCapability.Support.UNKNOWN,
    )
    OfferingFactory(model=cheap_eye, input_usd_per_mtok=Decimal("0.1"), output_usd_per_mtok=1)
    OfferingFactory(model=dear_eye, input_usd_per_mtok=Decimal("5"), output_usd_per_mtok=20)
    FaqEntryFactory(
        question="Where do the prices come from?",
        answer="From each provider's **pricing page**.<script>x()</script>",
        position=1,
    )
    FaqEntryFactory(question="Draft question?", is_published=False)
    FaqEntryFactory(question="About one model?", model=giant)


def test_faq_answers_live_questions_from_the_data(client, catalogue):
    response = client.get("/faq/")
    assert response.status_code == 200
    text = response.text
    assert "Which models have the largest context window?" in text
    assert "Giant Context (2M tokens)" in text and "Hidden Giant" not in text
    assert "Which open-weight models support function calling?" in text
    assert "1 open-weight model supports function calling: Open Tools (Apache 2.0)." in text
    assert "What is the cheapest model with vision?" in text
    # Blended price: 3 input : 1 output tokens, (3 x 0.10 + 1) / 4 = 0.325.
    assert re.search(
        r"<p>Cheap Eye, at \$0\.325 blended \(\$0\.10 input, \$1\.00 output at [^)]+\) "
        r"per 1M tokens\. Next: Dear Eye \(\$8\.75 blended\)\.</p>",
        text,
    )
    assert "What is the cheapest open-weights model?" in text
    assert "Which models write the longest responses?" in text
    assert "Unsure Eye" not in text


def test_faq_shows_editorial_entries_rendered_and_sanitised(client, catalogue):
    text = client.get("/faq/").text
    assert "Where do the prices come from?" in text
    assert "<strong>pricing page</strong>" in text and "<script>x()" not in text
    assert "Draft question?" not in text and "About one model?" not in text


def test_faq_json_ld_lists_every_question_as_plain_text(client, catalogue):
    text = client.get("/faq/").text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', text).group(1)
    )
    assert data["@type"] == "FAQPage"
    questions = {item["name"]: item["acceptedAnswer"]["text"] for item in data["mainEntity"]}
    assert questions["Where do the prices come from?"] == "From each provider's pricing page."
    assert "Which open-weight models support function calling?" in questions
    assert "Open Tools" in questions["Which open-weight models support function calling?"]


def test_faq_with_an_empty_catalogue_still_answers(client):
    response = client.get("/faq/")
    assert response.status_code == 200
    assert "No published model has a sourced context window yet." in response.text


@pytest.mark.parametrize("size", [3, 60])
def test_faq_query_count_is_fixed(client, size, django_assert_max_num_queries):
    from tests.catalog.test_pages import BUDGETS, build_catalogue
    from tests.layers import committed

    with committed():
        build_catalogue(size)
    with django_assert_max_num_queries(BUDGETS["/faq/"]):
        assert client.get("/faq/").status_code == 200


def open_models_with_function_calling(count: int) -> None:
    """Open 1 ... Open <count>, open weights with function calling, released 1, 2... Jan 2026."""
    tools = CapabilityFactory(slug="function-calling", name="Function calling")
    for day in range(1, count + 1):
        model = LanguageModelFactory(
            name=f"Open {day}", license=LicenseFactory(), release_date=dt.date(2026, 1, day)
        )
        ModelCapabilityFactory(model=model, capability=tools)


def test_a_long_live_answer_names_the_newest_and_links_the_rest(client):
    open_models_with_function_calling(7)
    LanguageModelFactory(name="Closed 9", release_date=dt.date(2026, 1, 9))  # proprietary
    text = client.get("/faq/").text
    assert (
        "7 open-weight models support function calling; the 5 newest: Open 7 (Apache 2.0), "
        "Open 6 (Apache 2.0), Open 5 (Apache 2.0), Open 4 (Apache 2.0), and Open 3 (Apache 2.0); "
        "and 2 more."
    ) in text
    assert "Open 2 (Apache 2.0)" not in text
    answer = text.split("Which open-weight models support function calling?</h3>")[1]
    answer = answer.split('<div class="faq-item">')[0]
    assert answer.count("<li>") == 5  # the cap
    link = re.search(r'<a href="([^"]+)">and 2 more in the directory</a>', answer)
    assert link, answer
    # The link lists every answering model, in the answer's order, and nothing else.
    directory = client.get(html.unescape(link.group(1))).text
    listed = re.findall(r">(Open \d|Closed \d)</a>", directory)
    assert listed == [f"Open {day}" for day in range(7, 0, -1)]


def test_a_short_live_answer_lists_every_model_without_a_more_link(client):
    open_models_with_function_calling(3)
    text = client.get("/faq/").text
    assert "3 open-weight models support function calling: Open 3 (" in text
    assert "more in the directory" not in text


def test_the_cheapest_of_a_tier_are_priced_models_cheapest_first():
    for name in ("Aaa unpriced", "Abb unpriced"):  # first by name, but no price
        LanguageModelFactory(name=name)
    for name, price in (("Zed", "1"), ("Dear", "5"), ("Mid", "3"), ("Also mid", "3")):
        OfferingFactory(
            model=LanguageModelFactory(name=name),
            input_usd_per_mtok=Decimal(price),
            output_usd_per_mtok=Decimal(price),
        )
    names = [model.name for model in cheapest_in_tier(TIERS[0], limit=3)]
    assert names == ["Zed", "Also mid", "Mid"]  # equal prices by name
    assert [m.name for m in cheapest_in_tier(TIERS[0], limit=9)] == [*names, "Dear"]


@pytest.mark.parametrize("candidates", [500, 2])
def test_every_tier_from_one_read_agrees_with_each_tiers_own_query(monkeypatch, candidates):
    """Read at once, or (too few candidates) tier by tier: the same models in each tier."""
    monkeypatch.setattr("comparisons.home.TIER_CANDIDATES", candidates)
    vision = CapabilityFactory(slug="vision")
    for name, price, sees, context in (
        ("Cheap", "1", False, 8_000),
        ("Cheap too", "1", False, 8_000),
        ("Seer", "4", True, 8_000),
        ("Long", "2", False, 1_000_000),
        ("Dear seer", "9", True, 2_000_000),
    ):
        model = LanguageModelFactory(name=name, context_window_tokens=context)
        OfferingFactory(
            model=model, input_usd_per_mtok=Decimal(price), output_usd_per_mtok=Decimal(price)
        )
        if sees:
            ModelCapabilityFactory(model=model, capability=vision)
    LanguageModelFactory(name="Aardvark", context_window_tokens=2_000_000)  # no price
    by_tier = cheapest_by_tier(limit=2)
    for tier in TIERS:
        assert [m.name for m in by_tier[tier.label]] == [
            m.name for m in cheapest_in_tier(tier, limit=2)
        ], tier.label
    assert [m.name for m in by_tier["Any model"]] == ["Cheap", "Cheap too"]
    assert [m.name for m in by_tier["With vision"]] == ["Seer", "Dear seer"]
    assert [m.name for m in by_tier["1M-token context or more"]] == ["Long", "Dear seer"]
