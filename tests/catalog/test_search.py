"""Search: normalisation, ranking against the bundled catalogue, and a fixed query count."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import LanguageModel
from catalog.search import normalise, query_terms, similarity_threshold
from tests.factories import (
    LabFactory,
    LanguageModelFactory,
    ModelAliasFactory,
    ModelFamilyFactory,
    OfferingFactory,
)
from tests.layers import committed

OLDER, NEWER, NEWEST = dt.date(2024, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 6, 1)


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
    with committed():
        for i in range(40):
            model = LanguageModelFactory(name=f"Search Model {i}")
            ModelAliasFactory(model=model)
            OfferingFactory(model=model)
    # 6: the catalogue version, the traffic bar's presets, the headline benchmark, the four
    # filters' choices (one query), the page's ids with the count, its rows (with their costs)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("catalog:model-list"), {"q": "search model"})
    assert response.status_code == 200
    assert "<strong>40</strong> models match" in response.text


def ranked(query: str) -> list[str]:
    """Every published match's slug, best first."""
    return list(LanguageModel.objects.published().search(query).values_list("slug", flat=True))


@pytest.mark.django_db
def test_an_identifier_equal_to_the_query_beats_the_query_as_a_phrase_in_a_name():
    pinned = LanguageModelFactory(slug="alpha-pro", name="Alpha Pro", release_date=OLDER)
    ModelAliasFactory(model=pinned, identifier="zeta-9")
    LanguageModelFactory(slug="zeta-9-turbo", name="Zeta 9 Turbo", release_date=NEWER)
    assert ranked("Zeta-9") == ["alpha-pro", "zeta-9-turbo"]


@pytest.mark.django_db
def test_the_query_as_a_phrase_in_the_name_beats_the_same_words_in_another_order():
    LanguageModelFactory(slug="haiku-fast", name="Haiku Fast", release_date=OLDER)
    LanguageModelFactory(slug="fast-haiku", name="Fast Haiku", release_date=NEWER)
    assert ranked("haiku fast") == ["haiku-fast", "fast-haiku"]
    assert ranked("fast haiku") == ["fast-haiku", "haiku-fast"]


@pytest.mark.django_db
def test_only_the_last_word_may_be_a_prefix():
    LanguageModelFactory(slug="zeta-9", name="Zeta 9")
    LanguageModelFactory(slug="other", name="Other")
    # Three characters or fewer: no trigram match either, only the words decide.
    assert ranked("zet") == ["zeta-9"]
    assert ranked("9 ze") == ["zeta-9"]
    assert ranked("ze 9") == []


@pytest.mark.django_db
def test_names_and_aliases_weigh_more_than_family_and_lab_and_those_more_than_route_ids():
    # The newer a model, the weaker its match: only the weights can put it after the others.
    # Its other names share no trigram with "falcon", so name similarity adds nothing.
    LanguageModelFactory(slug="by-name", name="Falcon", release_date=dt.date(2023, 1, 1))
    by_alias = LanguageModelFactory(slug="by-alias", name="Quill", release_date=OLDER)
    ModelAliasFactory(model=by_alias, identifier="falcon-x")
    LanguageModelFactory(
        slug="by-family",
        name="Quince",
        family=ModelFamilyFactory(name="Falcon Family"),
        release_date=dt.date(2025, 1, 1),
    )
    LanguageModelFactory(
        slug="by-lab", name="Quota", lab=LabFactory(name="Falcon Labs"), release_date=NEWER
    )
    by_route = LanguageModelFactory(slug="by-route", name="Quartz", release_date=NEWEST)
    OfferingFactory(model=by_route, provider_model_id="host/falcon-y")
    order = ranked("falcon")
    assert order[:2] == ["by-name", "by-alias"]
    assert set(order[2:4]) == {"by-family", "by-lab"}
    assert order[4:] == ["by-route"]


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
