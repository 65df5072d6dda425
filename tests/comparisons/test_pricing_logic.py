"""Plain functions behind the pricing page and its charts (no database)."""

import datetime as dt
import re
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from catalog.charts import (
    Point,
    axis_labels,
    axis_ticks,
    bar_chart,
    pareto_frontier,
    price_history_chart,
    spans_orders_of_magnitude,
)
from catalog.formatting import format_money, money_formatter
from catalog.price_history import last_price_change
from comparisons.pricing import CHART_POINTS, chart_points


def record(day, input_price, output_price, minute=0):
    return SimpleNamespace(
        effective_on=dt.date(2026, 1, day),
        recorded_at=dt.datetime(2026, 1, day, 0, minute),
        input_usd_per_mtok=None if input_price is None else D(input_price),
        output_usd_per_mtok=None if output_price is None else D(output_price),
    )


def test_last_price_change_finds_the_latest_real_change():
    records = [record(10, "0.80", "4"), record(1, "1", "5"), record(20, "0.80", "4")]
    change = last_price_change(records)
    assert change.changed_on == dt.date(2026, 1, 10)
    assert change.summary == "input $1.00 → $0.80, output $5.00 → $4.00"


def test_no_change_recorded():
    assert last_price_change([record(1, "1", "5")]) is None
    assert last_price_change([]) is None


def test_a_price_becoming_known_is_a_change_from_unknown():
    change = last_price_change([record(1, None, "5"), record(2, "1", "5")])
    assert change.summary == "input unknown → $1.00"


def test_pareto_frontier_keeps_the_cheapest_for_each_score():
    points = [
        Point("cheap-weak", D("40"), D("1")),
        Point("dear-strong", D("90"), D("30")),
        Point("middle", D("70"), D("5")),
        Point("dominated", D("60"), D("10")),  # middle is cheaper and better
        Point("tie-dearer", D("70"), D("6")),  # same score as middle, dearer
    ]
    frontier = pareto_frontier(points)
    assert [p.label for p in frontier] == ["cheap-weak", "middle", "dear-strong"]


def test_pareto_frontier_when_lower_scores_are_better():
    points = [Point("a", D("10"), D("5")), Point("b", D("20"), D("1")), Point("c", D("30"), D("2"))]
    assert [p.label for p in pareto_frontier(points, higher_is_better=False)] == ["b", "a"]


def test_charts_are_accessible_svg_without_script():
    svg = bar_chart("Context window", [("A <b>", 200_000), ("B", None)], "tokens")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "Unknown for B" in svg
    assert "<script" not in svg
    assert "A <b>" not in svg  # labels are escaped
    history = price_history_chart(
        "A on P", [(dt.date(2025, 1, 1), D("1"), D("5")), (dt.date(2025, 6, 1), D("0.8"), D("4"))]
    )
    assert "<svg" in history and "<script" not in history


def test_bar_chart_lists_bars_top_down_in_the_given_order_with_formatted_values():
    svg = bar_chart(
        "Monthly cost",
        [("Cheap", D("616.36")), ("Dear", D("4109.06")), ("Unpriced", None)],
        "USD a month",
        formatter=format_money,
    )
    label = r'<text x="[^"]*" y="([^"]*)"[^>]*>(Cheap|Dear)<'
    heights = {name: float(y) for y, name in re.findall(label, svg)}
    assert heights["Cheap"] < heights["Dear"]  # the first bar is drawn on top
    assert "$616<" in svg and "$616.36" not in svg and "$4,109" in svg  # one precision
    assert ">$2,000<" in svg  # a round tick with its thousands separator, no cents
    assert "Unknown for Unpriced" in svg


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([D("616"), D("4109")], [0, 2000, 4000, 6000]),
        ([D("0.5"), D("1")], [0, 0.5, 1.0]),
        ([D("3"), D("10000")], [1, 10, 100, 1000, 10000]),  # orders of magnitude: log
        ([0, D("10000")], [0, 5000, 10000]),  # a zero cannot go on a log axis
    ],
)
def test_axis_ticks_are_round_and_logarithmic_across_orders_of_magnitude(values, ticks):
    assert axis_ticks(values) == ticks
    assert spans_orders_of_magnitude(values) == (ticks[0] == 1)


@pytest.mark.parametrize(
    ("ticks", "labels"),
    [
        ([0, 0.5, 1.0], ["$0.00", "$0.50", "$1.00"]),  # one tick with cents: cents on all
        ([0, 2000, 4000], ["$0", "$2,000", "$4,000"]),  # all round: no cents anywhere
        ([0.1, 1, 10], ["$0.10", "$1.00", "$10.00"]),
    ],
)
def test_axis_labels_are_written_at_one_precision(ticks, labels):
    formatter = money_formatter([D("0.5")])  # amounts under $100: cents
    assert axis_labels(formatter, ticks) == list(zip(ticks, labels, strict=True))


def test_the_price_score_chart_keeps_the_frontier_and_the_cheapest_others():
    # Score rises with cost for the first 5 (all on the frontier); 40 dominated ones after.
    frontier = [Point(f"F{n}", D(50 + n), D(10 + n)) for n in range(5)]
    dominated = [Point(f"D{n:02}", D(10), D(100 + n)) for n in range(40)]
    kept = chart_points(dominated + frontier, higher_is_better=True)
    assert len(kept) == CHART_POINTS
    assert [p.label for p in kept[:5]] == ["F0", "F1", "F2", "F3", "F4"]
    assert kept[-1].label == f"D{CHART_POINTS - 6:02}"  # the cheapest others, in cost order


def test_equal_points_are_all_on_the_frontier_and_a_long_frontier_is_thinned():
    twins = [Point("twin-a", D("50"), D("5")), Point("twin-b", D("50"), D("5"))]
    assert [p.label for p in pareto_frontier([*twins, Point("worse", D("49"), D("5"))])] == [
        "twin-a",
        "twin-b",
    ]
    # 100 points, each dearer and better than the last: all on the frontier.
    rising = [Point(f"R{n:03}", D(n), D(n + 1)) for n in range(100)]
    kept = chart_points(rising, higher_is_better=True)
    assert len(kept) == CHART_POINTS
    assert (kept[0].label, kept[-1].label) == ("R000", "R099")  # both ends kept
    assert len({p.label for p in kept}) == CHART_POINTS
