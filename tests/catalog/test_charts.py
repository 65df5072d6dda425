"""The price-history chart (drawn for a desktop and a phone, dollar axis from zero, each price
labelled where it starts) and the price-versus-score scatter chart (points, the Pareto
frontier's line, the cost axis's scale, the score axis's ticks)."""

import datetime as dt
import re
from decimal import Decimal as D
from itertools import pairwise

import pytest

from catalog.charts import (
    Point,
    date_ticks,
    linear_ticks,
    price_history_chart,
    price_score_chart,
)


def labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]+)</text>", svg)


def test_price_history_starts_at_zero_and_labels_each_price():
    history = [(dt.date(2025, 1, 1), D("5"), D("15")), (dt.date(2025, 6, 1), D("2.5"), D("10"))]
    svg = price_history_chart("A on P", history, today=dt.date(2025, 12, 1))
    assert 'class="svg-chart chart-wide"' in svg and 'class="svg-chart chart-narrow"' in svg
    text = labels(svg)
    assert "$0.00" in text  # the axis starts at zero, so the cut shows at its true size
    assert {"$5.00", "$2.50", "$15.00", "$10.00"} <= set(text)
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 2025", label) for label in text)  # "1 Jun 2025"


def polylines(drawing: str) -> list[list[tuple[float, float]]]:
    lines = re.findall(r'<polyline points="([^"]*)"', drawing)
    return [[tuple(map(float, xy.split(","))) for xy in line.split()] for line in lines]


def test_price_history_draws_steps_each_price_holding_until_the_next_and_then_until_today():
    history = [
        (dt.date(2025, 1, 1), D("5"), D("15")),
        (dt.date(2025, 6, 1), D("2.5"), None),  # the output price unknown from June
        (dt.date(2025, 9, 1), D("3"), D("12")),
    ]
    svg = price_history_chart("A on P", history, today=dt.date(2025, 12, 1))
    for drawing in drawings(svg).values():
        input_line, output_line = polylines(drawing)
        # Input: 5 until June, 2.5 until September, 3 until today: 6 corners, flat then down.
        assert len(input_line) == 6
        assert [y for _, y in input_line[:3]] == [input_line[0][1]] * 2 + [input_line[2][1]]
        assert input_line[1][0] == input_line[2][0] < input_line[3][0] == input_line[4][0]
        assert input_line[2][1] > input_line[0][1]  # $2.50 is lower: further down
        # Output: 15 holds over the unknown June record until 12 starts in September.
        assert len(output_line) == 4 and output_line[1][0] == input_line[3][0]
        assert output_line[-1][0] == input_line[-1][0]  # both run to today
        assert "$15.00" in labels(drawing) and "$12.00" in labels(drawing)


def test_price_history_of_a_route_without_prices_is_not_drawn():
    assert price_history_chart("A on P", [(dt.date(2025, 1, 1), None, None)]) == ""
    assert price_history_chart("A on P", []) == ""


@pytest.mark.parametrize(
    ("start", "end", "most", "ticks"),
    [
        ("2025-01-15", "2025-04-20", 8, ["2025-02-01", "2025-03-01", "2025-04-01"]),
        (
            "2024-06-10",
            "2026-12-01",
            8,
            ["2024-07-01", "2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01"],
        ),
        ("2024-06-10", "2026-12-01", 4, ["2025-01-01", "2026-01-01"]),  # then whole years
        ("2025-03-01", "2025-03-20", 8, ["2025-03-01"]),  # a month's first day counts
        ("2025-03-02", "2025-03-20", 8, ["2025-03-02"]),  # no month begins: the start alone
    ],
)
def test_date_ticks_are_first_days_of_months_evenly_apart(start, end, most, ticks):
    found = date_ticks(dt.date.fromisoformat(start), dt.date.fromisoformat(end), most)
    assert [day.isoformat() for day in found] == ticks


def drawings(svg: str) -> dict[str, str]:
    """Each drawing of a chart by its class (chart-wide, chart-narrow)."""
    return dict(re.findall(r'class="svg-chart (chart-\w+)"(.*?)</svg>', svg, re.S))


def dots(drawing: str) -> dict[int, list[tuple[float, float]]]:
    """The points' centres by radius (4: other models, 6: the frontier)."""
    found: dict[int, list[tuple[float, float]]] = {}
    for x, y, r in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="(\d+)"', drawing):
        found.setdefault(int(r), []).append((float(x), float(y)))
    return found


def cost_axis(drawing: str) -> list[tuple[float, str]]:
    """The cost axis's guides: each line's height and its figure."""
    guide = r'<path d="M0 ([\d.]+) h[\d.]+" class="[a-z ]+"/><text x="-5" [^>]*>([^<]+)<'
    return [(float(y), label) for y, label in re.findall(guide, drawing)]


SCATTER = [  # two orders of magnitude of cost; Gamma is beaten by Beta on both
    Point("Alpha", D("50"), D("1.5")),
    Point("Beta & <Co>", D("70"), D("12")),
    Point("Gamma", D("60"), D("30")),
    Point("Delta", D("80"), D("150")),
]


@pytest.mark.parametrize("width", ["chart-wide", "chart-narrow"])
def test_price_score_chart_draws_each_model_and_joins_the_frontier_by_cost(width):
    svg = price_score_chart(SCATTER, benchmark="Bench", cost_label="Monthly cost (USD)")
    drawing = drawings(svg)[width]
    by_radius = dots(drawing)
    assert len(by_radius[4]) == 1 and len(by_radius[6]) == 3  # Gamma; Alpha, Beta, Delta
    frontier = by_radius[6]
    # Score across (left to right), cost up: each dearer frontier model further right and up.
    assert [x for x, _ in frontier] == sorted(x for x, _ in frontier)
    assert [y for _, y in frontier] == sorted((y for _, y in frontier), reverse=True)
    (gamma,) = by_radius[4]
    assert frontier[0][0] < gamma[0] < frontier[1][0] and gamma[1] < frontier[1][1]
    line = re.search(r'<polyline points="([^"]*)"', drawing).group(1).split()
    assert [tuple(map(float, xy.split(","))) for xy in line] == frontier
    assert "Beta &amp; &lt;Co&gt;" in drawing and "<Co>" not in drawing  # names escaped
    assert svg.count('<svg role="img" aria-label="Scatter chart of Monthly cost (USD)') == 2
    assert "<title>Monthly cost (USD) versus Bench score (log scale)</title>" in drawing
    assert "<script" not in svg and " style=" not in svg


def test_price_score_chart_costs_over_an_order_of_magnitude_go_on_a_log_axis():
    svg = price_score_chart(SCATTER, benchmark="Bench", cost_label="Monthly cost (USD)")
    assert "(log scale)" in svg
    axis = cost_axis(drawings(svg)["chart-wide"])
    assert [label for _, label in axis] == ["$1.00", "$10.00", "$100", "$1,000"]
    heights = [y for y, _ in axis]
    gaps = [low - high for low, high in pairwise(heights)]
    assert max(gaps) - min(gaps) <= 0.2  # each power of ten the same height apart
    # Gamma ($30) sits between the $10 and $100 lines, nearer $10 on a log axis (log 3 < 0.5).
    (gamma,) = dots(drawings(svg)["chart-wide"])[4]
    assert heights[2] < gamma[1] < heights[1] and gamma[1] - heights[2] > heights[1] - gamma[1]


def test_price_score_chart_costs_within_an_order_of_magnitude_go_on_a_linear_axis_from_zero():
    points = [Point("Cheap", D("50"), D("2")), Point("Dear", D("80"), D("19.99"))]
    svg = price_score_chart(points, benchmark="Bench", cost_label="Monthly cost (USD)")
    assert "(log scale)" not in svg  # $2 to $19.99: under ten times
    axis = cost_axis(drawings(svg)["chart-narrow"])
    assert [label for _, label in axis] == ["$0", "$10", "$20"]
    (cheap, dear) = dots(drawings(svg)["chart-narrow"])[6]
    zero, ten, twenty = (y for y, _ in axis)
    assert cheap[1] == pytest.approx(zero - (zero - ten) * 0.2, abs=0.2)  # $2 is 1/5 of $10
    assert twenty < dear[1] < twenty + 0.5  # $19.99: just under the $20 line


def test_a_long_score_title_is_wrapped_within_a_phones_drawing():
    name = "Artificial Analysis Coding Index"
    svg = price_score_chart(SCATTER, benchmark=name, cost_label="Monthly cost (USD)")
    title = r'<text x="([\d.]+)" y="[\d.]+" class="title">([^<]+)</text>'
    wide, narrow = (
        re.findall(title, drawings(svg)[width]) for width in ("chart-wide", "chart-narrow")
    )
    assert [line for _, line in wide] == [f"{name} score"]
    assert [line for _, line in narrow] == ["Artificial Analysis Coding", "Index score"]
    for x, line in narrow:  # centred, within the 400-wide drawing at ~9.6 px a character
        assert float(x) - len(line) * 4.8 >= 0 and float(x) + len(line) * 4.8 <= 400


def test_price_score_chart_takes_the_lowest_score_as_best_where_lower_is_better():
    points = [Point("Quick", D("1.5"), D("20")), Point("Slow", D("3"), D("25"))]
    for higher_is_better, on_frontier in ((True, 2), (False, 1)):
        svg = price_score_chart(
            points, benchmark="Latency", cost_label="Cost", higher_is_better=higher_is_better
        )
        assert len(dots(drawings(svg)["chart-wide"]).get(6, [])) == on_frontier


@pytest.mark.parametrize(
    ("low", "high", "steps", "ticks"),
    [
        (49.4, 80.6, 16, [50, 52, 54, 56, 58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 78, 80]),
        (49.4, 80.6, 6, [56, 64, 72, 80]),  # a phone: fewer, doubled steps
        (0.18, 0.92, 16, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
        (22.8, 81.9, 16, [30, 40, 50, 60, 70, 80]),
    ],
)
def test_linear_ticks_are_round_and_at_most_the_given_steps_apart(low, high, steps, ticks):
    assert linear_ticks(low, high, steps) == ticks
