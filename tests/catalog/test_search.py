"""Search: normalisation, ranking against the bundled catalogue, and a fixed query count."""

import pytest
from django.urls import reverse

from catalog.models import LanguageModel
from catalog.search import normalise, query_terms, similarity_threshold
from tests.factories import (
    LanguageModelFactory,
    ModelAliasFactory,
    ModelFamilyFactory,
    OfferingFactory,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claude Haiku 4.5", "claude haiku 4 5"),
        ("claude-haiku-4-5", "claude haiku 4 5"),
        ("Qwen3.5-4B", "qwen 3 5 4 b"),
        ("qwen 3.5 4b", "qwen 3 5 4 b"),
        ("  GPT_4o / mini!! ", "gpt 4 o mini"),
        ("Mistral Médium", "mistral medium"),
        ("!!!", ""),
    ],
)
def test_normalise_makes_spellings_meet(text, expected):
    assert normalise(text) == expected


def test_query_terms_are_bounded():
    assert len(query_terms("a " * 500)) == 12
    assert query_terms("x" * 500) == ["x" * 100]


def test_short_queries_do_not_use_trigrams():
    assert similarity_threshold(["o", "3"]) is None
    assert similarity_threshold(["sonet"]) == 0.5
    assert similarity_threshold(["claude", "sonet"]) == 0.6


# Tests on factory-built data come first: the bundled catalogue below stays loaded until the
# module ends.
@pytest.mark.django_db
def test_aliases_family_and_routes_are_searched():
    family = ModelFamilyFactory(name="Zephyr Family")
    model = LanguageModelFactory(name="Plain Name", slug="plain-name", family=family)
    ModelAliasFactory(model=model, identifier="wonder-7b-2025")
    OfferingFactory(model=model, provider_model_id="acme/route-x99")
    LanguageModelFactory(name="Other", slug="other")
    for query in ("wonder 7b", "zephyr", "route x99", "acme/route-x99", "plain"):
        assert first_results(query) == ["plain-name"], query


@pytest.mark.django_db
def test_search_query_count_is_fixed(client, django_assert_max_num_queries):
    for i in range(40):
        model = LanguageModelFactory(name=f"Search Model {i}")
        ModelAliasFactory(model=model)
        OfferingFactory(model=model)
    # 12: the directory's 8, the traffic bar's presets and the routes its monthly cost reads,
    # the catalogue version, the refresh of the test's own uncommitted writes
    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalog:model-list"), {"q": "search model"})
    assert response.status_code == 200
    assert "<strong>40</strong> models match" in response.text


def first_results(query: str, count: int = 3) -> list[str]:
    return list(
        LanguageModel.objects.published()
        .with_cheapest_route()
        .search(query)
        .values_list("slug", flat=True)[:count]
    )


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("haiku 4.5", "claude-haiku-4-5"),
        ("Haiku 4-5", "claude-haiku-4-5"),
        ("qwen 3.5 4b", "qwen3-5-4b"),
        ("Qwen3.5-4B", "qwen3-5-4b"),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
        ("gpt-4o", "gpt-4o"),
        ("o3", "o3"),
        ("deepseek r1", "deepseek-r1"),
    ],
)
def test_search_finds_the_right_model_first(bundled, query, expected_first):
    assert first_results(query)[0] == expected_first


def test_claude_haiku_brings_a_claude_haiku_first(bundled):
    first = LanguageModel.objects.get(slug=first_results("claude haiku")[0])
    assert first.name.startswith("Claude") and "Haiku" in first.name


@pytest.mark.parametrize("query", ["sonet", "claude sonet", "Sonnet"])
def test_a_typo_still_finds_claude_sonnet(bundled, query):
    first = LanguageModel.objects.get(slug=first_results(query)[0])
    assert first.name.startswith("Claude") and "Sonnet" in first.name


def test_search_covers_lab_family_and_provider_ids(bundled):
    assert all(
        LanguageModel.objects.get(slug=slug).lab.slug == "anthropic"
        for slug in first_results("anthropic", 10)
    )
    bedrock_id = (
        LanguageModel.objects.get(slug="claude-sonnet-5")
        .offerings.filter(provider__slug="amazon-bedrock")
        .values_list("provider_model_id", flat=True)
        .first()
    )
    assert first_results(bedrock_id)[0] == "claude-sonnet-5"


def test_nonsense_finds_nothing(bundled):
    assert first_results("zzqxv") == []


def test_directory_shows_the_best_match_first(client, bundled):
    response = client.get(reverse("catalog:model-list"), {"q": "haiku 4.5"})
    assert response.status_code == 200
    text = response.text
    assert text.index("Claude Haiku 4.5") < text.index("Claude 3.5 Haiku")
