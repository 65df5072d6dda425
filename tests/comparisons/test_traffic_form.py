"""The traffic bar's URL behaviour, shared by /pricing/ and the comparison pages.

Figures in the URL always win over a preset; a preset fills only what the URL leaves out;
the label is the preset the figures equal, else "Custom"; a month is 30.4375 days.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import LanguageModelFactory, OfferingFactory, TrafficProfileFactory

pytestmark = pytest.mark.django_db
PRICING = reverse("comparisons:pricing")
RAG_FIGURES = {
    "requests_per_day": "1000",
    "input_tokens_per_request": "6000",
    "output_tokens_per_request": "400",
}


@pytest.fixture
def presets():
    chatbot = TrafficProfileFactory(
        slug="chatbot",
        name="Chatbot",
        requests_per_day=100,
        input_tokens_per_request=500,
        output_tokens_per_request=200,
        is_default=True,
        position=30,  # the default, though not the first in order
    )
    rag = TrafficProfileFactory(
        slug="rag",
        name="RAG",
        requests_per_day=1000,
        input_tokens_per_request=6000,
        output_tokens_per_request=400,
        position=10,
    )
    return chatbot, rag


@pytest.fixture
def model():
    model = LanguageModelFactory(slug="mini", name="Mini")
    OfferingFactory(
        model=model, input_usd_per_mtok=Decimal("0.15"), output_usd_per_mtok=Decimal("0.60")
    )
    return model


def traffic(response):
    t = response.context["traffic"]
    return t.input_tokens, t.output_tokens


def current_preset(response) -> list[str]:
    return [name for name, _, current in response.context["preset_links"] if current]


def test_no_figures_price_the_default_preset(client, presets):
    response = client.get(PRICING)
    assert traffic(response) == (1_521_875, 608_750)  # 100 a day * 30.4375 * 500 / 200
    assert response.context["traffic_label"] == "Chatbot"
    assert current_preset(response) == ["Chatbot"]


def test_a_preset_link_fills_the_figures(client, presets):
    response = client.get(PRICING, {"preset": "rag"})
    assert traffic(response) == (182_625_000, 12_175_000)
    assert response.context["traffic_label"] == "RAG"
    assert 'name="input_tokens_per_request" value="6000"' in response.text


def test_typed_figures_win_over_the_preset_they_started_from_and_show_custom(client, presets):
    response = client.get(
        PRICING, {"preset": "rag", **RAG_FIGURES, "input_tokens_per_request": "1000"}
    )
    assert traffic(response) == (30_437_500, 12_175_000)
    assert response.context["traffic_label"] == "Custom"
    assert current_preset(response) == []
    assert '<a href="#traffic-fields" aria-current="true">Custom</a>' in response.text
    assert 'name="input_tokens_per_request" value="1000"' in response.text


def test_a_preset_fills_only_the_figures_the_url_leaves_out(client, presets):
    response = client.get(PRICING, {"preset": "rag", "output_tokens_per_request": "100"})
    assert traffic(response) == (182_625_000, 3_043_750)
    assert response.context["traffic_label"] == "Custom"


@pytest.mark.parametrize(
    "extra",
    [{}, {"preset": ""}, {"preset": "chatbot"}, {"applied_preset": "chatbot"}],
)
def test_a_url_with_figures_reproduces_the_same_result_whatever_else_it_says(
    client, presets, model, extra
):
    figures = {**RAG_FIGURES, "requests_per_day": "50000"}
    response = client.get(PRICING, {**figures, **extra})
    assert traffic(response) == (9_131_250_000, 608_750_000)
    group = response.context["page"].object_list[0]
    assert group.cost.total_usd == Decimal("1734.9375")  # 9131.25 * 0.15 + 608.75 * 0.60
    assert "$1,735" in response.text
    assert response.context["traffic_label"] == "Custom"


def test_figures_equal_to_a_preset_are_labelled_with_it(client, presets):
    response = client.get(PRICING, RAG_FIGURES)
    assert response.context["traffic_label"] == "RAG"
    assert current_preset(response) == ["RAG"]


def test_requests_a_day_times_tokens_to_the_cent_over_a_30_4375_day_month(client, model):
    response = client.get(
        PRICING,
        {
            "requests_per_day": "50000",
            "input_tokens_per_request": "1500",
            "output_tokens_per_request": "300",
        },
    )
    # 50,000 * 30.4375 = 1,521,875 requests a month.
    assert traffic(response) == (2_282_812_500, 456_562_500)
    group = response.context["page"].object_list[0]
    assert group.cost.total_usd == Decimal("616.359375")  # 2282.8125 * 0.15 + 456.5625 * 0.6
    assert "$616" in response.text and "$616.36" not in response.text  # whole dollars
    assert "30.4375 days" in response.text
    times = "\N{MULTIPLICATION SIGN}"
    assert f"50,000 requests a day {times} 1,500 input + 300 output tokens" in response.text


def test_both_monthly_figures_win_over_requests_per_day(client, presets):
    response = client.get(
        PRICING,
        {**RAG_FIGURES, "input_tokens_per_month": "7", "output_tokens_per_month": "3"},
    )
    assert traffic(response) == (7, 3)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"input_tokens_per_month": "7"}, "Give both input and output tokens per month."),
        ({"requests_per_day": "5"}, "Give requests per day with input and output tokens"),
        ({"preset": "nope"}, "There is no workload preset “nope”."),
    ],
)
def test_unusable_traffic_says_why_and_prices_the_default(client, presets, params, message):
    response = client.get(PRICING, params)
    assert response.status_code == 200
    assert "could not be used, so Chatbot is shown" in response.text
    assert message in response.text
    assert traffic(response) == (1_521_875, 608_750)


def test_comparison_pages_read_the_same_parameters(client, presets, model):
    other = LanguageModelFactory(slug="other", name="Other")
    OfferingFactory(model=other, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("4"))
    query = {
        "requests_per_day": "50000",
        "input_tokens_per_request": "1500",
        "output_tokens_per_request": "300",
    }
    response = client.get(reverse("comparisons:compare", args=["mini-vs-other"]), query)
    assert traffic(response) == (2_282_812_500, 456_562_500)
    # 2282.8125 * 1 + 456.5625 * 4 = 4109.0625 against 616.359375: 6.7 times.
    headline = "Mini is 6.7\N{MULTIPLICATION SIGN} cheaper: $616 vs $4,109 a month"
    assert f"{headline}; no benchmark shared on a like setting." in response.text
    preset_link = dict((name, query) for name, query, _ in response.context["preset_links"])
    assert preset_link["RAG"] == "preset=rag"
