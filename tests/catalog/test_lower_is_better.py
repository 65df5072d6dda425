"""A benchmark where a lower score is better (errors, latency): every page that ranks or
picks a best score turns round for it. Fast has two standard runs, 1.5 and 4.0: its best is
1.5 (first place); read as higher-is-better it would be 4.0 (also first, but the others'
order and Fast's figure would change)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import LanguageModel
from comparisons.faq import top_score_answer
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LanguageModelFactory,
    OfferingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def latency():
    bench = BenchmarkFactory(slug="latency", name="Latency", higher_is_better=False)
    for slug, scores, price in [
        ("fast", ["1.5", "4.0"], "2"),
        ("middle", ["2.5"], "1"),
        ("slow", ["3.0"], "3"),
    ]:
        model = LanguageModelFactory(slug=slug, name=slug.title())
        OfferingFactory(
            model=model, input_usd_per_mtok=Decimal(price), output_usd_per_mtok=Decimal(price)
        )
        for run, score in enumerate(scores):
            BenchmarkResultFactory(
                model=model,
                benchmark=bench,
                score=Decimal(score),
                setting_detail=f"run {run}" if run else "",
            )
    return bench


def test_the_leaderboard_ranks_the_lowest_first_with_each_models_lowest_run(client, latency):
    board = client.get(latency.get_absolute_url()).context["leaderboard"]
    assert [(r.position, r.model.slug, r.score) for r in board.ranked] == [
        (1, "fast", Decimal("1.5")),
        (2, "middle", Decimal("2.5")),
        (3, "slow", Decimal("3.0")),
    ]


def test_the_profile_places_the_lowest_score_first(client, latency):
    for slug, place in [("fast", "1st of 3"), ("middle", "2nd of 3"), ("slow", "3rd of 3")]:
        page = client.get(reverse("catalog:model-detail", args=[slug]))
        assert place in page.text, slug


def test_the_price_score_charts_read_each_models_lowest_score(client, latency):
    points = client.get(latency.get_absolute_url()).context["points"]
    assert {p.label: p.score for p in points} == {
        "Fast": Decimal("1.5"),
        "Middle": Decimal("2.5"),
        "Slow": Decimal("3.0"),
    }
    chart = client.get(reverse("comparisons:pricing"), {"benchmark": "latency"}).context["chart"]
    assert {p.label: p.score for p in chart.points} == {
        "Fast": Decimal("1.5"),
        "Middle": Decimal("2.5"),
        "Slow": Decimal("3.0"),
    }
    # Middle is cheapest; Fast costs more but scores better; Slow is beaten on both.
    assert [p.label for p in chart.frontier] == ["Middle", "Fast"]


def test_the_directory_and_the_faq_take_the_lowest_score_as_the_best(latency):
    scores = dict(
        LanguageModel.objects.with_score_on(latency).values_list("slug", "headline_score")
    )
    assert scores == {"fast": Decimal("1.5"), "middle": Decimal("2.5"), "slow": Decimal("3.0")}
    assert [m.slug for m in top_score_answer().models] == ["fast", "middle", "slow"]
