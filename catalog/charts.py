"""Server-rendered SVG charts, each shown next to a data table with the same figures.

The bar and scatter charts are drawn by templates (templates/includes/) from coordinates
computed here; the price-history chart by pygal, whose classes they all share. From pygal's
SVG we drop the inline <script> it always embeds (interactive tooltips)
and its inline <style>, both of which our Content Security Policy forbids: the styles live in
static/css/charts.css (``chart_stylesheet()`` writes it: ``python -m catalog.charts >
static/css/charts.css``), and the SVG is marked as an image labelled by its title. Pages put
a <table> of the same data beside every chart.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import groupby

import pygal
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from catalog.chart_labels import Box, place_labels
from catalog.formatting import format_date, format_money, format_price

SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
CHART_ID = re.compile(r'id="(chart-[0-9a-f-]+)"')
STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#57606a",
    colors=("#0b5cad", "#c2410c", "#116329", "#6f42c1"),
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_label_font_size=12,  # a scatter point's name
)


@dataclass(frozen=True)
class Point:
    label: str
    score: Decimal
    cost: Decimal


def pareto_frontier(points: Sequence[Point], *, higher_is_better: bool = True) -> list[Point]:
    """The points no other point beats on both cost (lower) and score: cheapest for its score.
    Equal points do not beat each other. One sort and one pass, for thousands of points.

    Returned in order of increasing cost.
    """
    sign = 1 if higher_is_better else -1
    frontier: list[Point] = []
    best_cheaper = None  # the best score among strictly cheaper points
    for _, same_cost in groupby(sorted(points, key=lambda p: p.cost), key=lambda p: p.cost):
        same_cost = list(same_cost)
        top = max(sign * point.score for point in same_cost)
        if best_cheaper is None or top > best_cheaper:
            frontier += [point for point in same_cost if sign * point.score == top]
            best_cheaper = top
    return sorted(frontier, key=lambda p: (p.cost, p.label))


def _render(chart, description: str) -> SafeString:
    svg = STYLE_ELEMENT.sub("", SCRIPT.sub("", chart.render(is_unicode=True)))
    svg = svg.replace(' style="opacity: 0"', ' opacity="0"')  # the hidden tooltip group
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(svg)  # pygal escapes every label it writes


def _config(**kwargs) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "css": [],  # its stylesheets are static/css/charts.css: not read and minified per chart
        "disable_xml_declaration": True,
        "width": 800,
        "height": 420,
        "explicit_size": False,
        "legend_at_bottom": True,
        "print_values": False,
        **kwargs,
    }


# Each chart is drawn twice: for a desktop and for a phone (CSS shows one), so its text stays
# legible at 390 px instead of shrinking with a wide drawing.
WIDE = {"width": 800, "height": 420}
NARROW = {
    "width": 400,
    "height": 380,
    "x_label_rotation": 40,
    "show_minor_x_labels": False,
    "x_labels_major_count": 5,
}


def _both_widths(build, description: str) -> SafeString:
    """The chart drawn at a desktop's and at a phone's size."""
    wide = _render(build(WIDE), description).replace(
        'class="pygal-chart"', 'class="pygal-chart chart-wide"', 1
    )
    narrow = _render(build(NARROW), description).replace(
        'class="pygal-chart"', 'class="pygal-chart chart-narrow"', 1
    )
    return mark_safe(wide + narrow)  # both rendered by pygal, which escapes every label


def _usd(value: float | Decimal) -> str:
    return format_price(Decimal(str(value)))


def _usd_axis(value: float) -> str:
    """An axis label: $0.10, $1.00, $1,000.00 (prices are never rounded to $0)."""
    return _usd(Decimal(str(value)).normalize())


@dataclass(frozen=True)
class Tick:
    at: float  # where on its axis, in the plot's coordinates
    label: str


SCATTER_LOG_RATIO = 10  # a scatter's cost axis is logarithmic from one order of magnitude


@dataclass(frozen=True)
class ScatterSize:
    """One drawing of a scatter chart: its class (CSS shows one drawing), its size, at most
    how many steps on its score axis and its legend's columns."""

    name: str
    width: int
    height: int
    score_steps: int
    legend_columns: int


# Drawn for a desktop and for a phone (taller, fewer score ticks, the legend in one column),
# so its text stays legible at 390 px instead of shrinking with a wide drawing.
SCATTER_SIZES = (
    ScatterSize("chart-wide", 800, 420, score_steps=16, legend_columns=2),
    ScatterSize("chart-narrow", 400, 460, score_steps=6, legend_columns=1),
)
MARGIN, TITLE_PX, TITLE_LINE, AXIS_TITLE_LINE = 20, 16, 26, 20
LABEL_PX, TEXT_EM = 12, 0.6  # axis figures and point names; a glyph's width, for margins
SCATTER_BELOW_PLOT = 108  # score figures, the score axis's title and the legend
DOT, FRONTIER_DOT = 4, 6  # radii: the frontier's points are larger
LEGEND = ("Other models", "Cheapest for its score (Pareto frontier)")


def _lines(text: str, room: float, font_px: float) -> list[str]:
    """``text`` wrapped to lines of about ``room`` pixels."""
    return textwrap.wrap(text, max(1, int(room / (TEXT_EM * font_px)))) or [text]


def _padded(values: Sequence[float]) -> tuple[float, float]:
    """The range of ``values`` with 2% of it spare at each end, so no point sits on the frame."""
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    spare = (high - low) * 0.02
    return low - spare, high + spare


def score_ticks(low: float, high: float, steps: int) -> list[float]:
    """Round values from ``low`` to ``high`` for a score axis: a power of ten apart (or a
    tenth of it where that gives fewer than 4), doubled until at most ``steps`` steps."""
    order = round(math.log10(max(abs(low), abs(high)))) - 1
    if (high - low) / 10**order < 4:
        order -= 1
    step = 10.0**order
    while (high - low) / step > steps:
        step *= 2
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    ticks = [round(n * step, 10) for n in range(first, last + 1)]
    return ticks if len(ticks) >= 2 else [low, high]


def _scatter_drawing(
    size: ScatterSize,
    *,
    title: str,
    score_title: str,
    cost_title: str,
    others: Sequence[Point],
    frontier: Sequence[Point],
    cost_ticks: Sequence[tuple[float, str]],
    scale: Callable[[Decimal | float], float],
) -> dict:
    """Where everything of one drawing goes: the frontier's points after the others, each
    named (the frontier's first, then the others in the given order) where its name fits."""
    title_lines = _lines(title, size.width - 2 * MARGIN, TITLE_PX)
    top = MARGIN + TITLE_LINE * len(title_lines)
    plot_height = size.height - top - SCATTER_BELOW_PLOT
    cost_lines = _lines(cost_title, plot_height, TITLE_PX)
    widest = max((len(label) for _, label in cost_ticks), default=0)
    left = round(MARGIN + AXIS_TITLE_LINE * len(cost_lines) + 16 + TEXT_EM * LABEL_PX * widest)
    plot_width = size.width - left - MARGIN
    points = [*others, *frontier]
    x_low, x_high = _padded([float(p.score) for p in points])
    y_low, y_high = _padded([scale(p.cost) for p in points] + [scale(t) for t, _ in cost_ticks])

    def x(score) -> float:
        return round(plot_width * (float(score) - x_low) / (x_high - x_low), 1)

    def y(cost) -> float:
        return round(plot_height * (y_high - scale(cost)) / (y_high - y_low), 1)

    dots = [(x(p.score), y(p.cost)) for p in points]
    spots = place_labels(
        dots,
        [p.label for p in points],
        bounds=Box(0, 0, plot_width, plot_height),
        font_size=LABEL_PX,
        radius=FRONTIER_DOT,
        order=[*range(len(others), len(points)), *range(len(others))],
    )
    legend_x = left + 10 if size.legend_columns > 1 else MARGIN  # a phone's: the full width
    column = plot_width / size.legend_columns
    return {
        "class": size.name,
        "width": size.width,
        "height": size.height,
        "title_lines": [
            (size.width / 2, MARGIN + 6 + TITLE_LINE * n, line)
            for n, line in enumerate(title_lines)
        ],
        "score_title": score_title,
        "score_title_x": round(left + plot_width / 2, 1),
        "score_title_y": top + plot_height + 48,
        "cost_title_lines": [
            (26 + AXIS_TITLE_LINE * n, round(top + plot_height / 2, 1), line)
            for n, line in enumerate(cost_lines)
        ],
        "left": left,
        "top": top,
        "plot_width": plot_width,
        "plot_height": plot_height,
        "cost_ticks": [(y(value), y(value) + 4, label) for value, label in cost_ticks],
        "score_ticks": [
            Tick(x(tick), f"{tick:g}") for tick in score_ticks(x_low, x_high, size.score_steps)
        ],
        "score_label_y": plot_height + 16,
        "others": dots[: len(others)],
        "frontier": dots[len(others) :],
        "names": [
            (round(spot.x, 1), round(spot.y, 1), spot.anchor, point.label)
            for spot, point in zip(spots, points, strict=True)
            if spot
        ],
        "legend": (legend_x, top + plot_height + 68),
        "legend_items": [
            (round(column * (n % size.legend_columns), 1), 18 * (n // size.legend_columns), n, name)
            for n, name in enumerate(LEGEND)
        ],
        "dot": DOT,
        "frontier_dot": FRONTIER_DOT,
    }


def price_score_chart(
    points: Sequence[Point],
    *,
    benchmark: str,
    cost_label: str,
    higher_is_better: bool = True,
    formatter: Callable[[Decimal], str] = format_money,
) -> SafeString:
    """Each model a point (score across, cost up, on a log scale from one order of magnitude
    of spread, with ``formatter``'s figures on the axis), named where its name fits without
    overlapping another (the Pareto frontier's first, then the cheapest); the frontier drawn
    as a line. Drawn for a desktop and for a phone, by a template from the coordinates
    computed here (pygal's classes: static/css/charts.css)."""
    frontier = pareto_frontier(points, higher_is_better=higher_is_better)
    costs = [p.cost for p in points]
    logarithmic = spans_orders_of_magnitude(costs, ratio=SCATTER_LOG_RATIO)
    ticks = axis_ticks(costs, logarithmic=logarithmic)
    on_frontier = {p.label for p in frontier}
    title = f"{cost_label} versus {benchmark} score" + (" (log scale)" if logarithmic else "")
    drawing = partial(
        _scatter_drawing,
        title=title,
        score_title=f"{benchmark} score",
        cost_title=cost_label,
        others=sorted((p for p in points if p.label not in on_frontier), key=lambda p: p.cost),
        frontier=frontier,
        cost_ticks=axis_labels(formatter, [t for t in ticks if t > 0 or not logarithmic]),
        scale=(lambda cost: math.log10(cost)) if logarithmic else float,
    )
    return mark_safe(  # a template's output: every name and label is escaped
        render_to_string(
            "includes/scatter_chart.svg",
            {
                "title": title,
                "description": (
                    f"Scatter chart of {cost_label} against {benchmark} score for "
                    f"{len(points)} models; {len(frontier)} are on the Pareto frontier. "
                    "The table below lists the same figures."
                ),
                "drawings": [drawing(size) for size in SCATTER_SIZES],
            },
        ).strip()
    )


LOG_SCALE_RATIO = 100  # above this spread between the largest and smallest value, use log


def spans_orders_of_magnitude(
    values: Sequence[Decimal | int | float], ratio: int = LOG_SCALE_RATIO
) -> bool:
    positive = [value for value in values if value > 0]
    return len(positive) == len(values) > 1 and max(positive) >= ratio * min(positive)


def axis_labels(
    formatter: Callable[[Decimal], str], ticks: Sequence[float]
) -> list[tuple[float, str]]:
    """Each tick with its figure as the page writes it, all at one precision: without cents
    when every tick is a round amount ("$1", "$2,000"), else with them on all ("$0.50",
    "$1.00"), never "$0.50" next to "$1"."""
    labels = [formatter(Decimal(str(tick))) for tick in ticks]
    if all(label.endswith(".00") for label in labels):
        labels = [label.removesuffix(".00") for label in labels]
    return list(zip(ticks, labels, strict=True))


def axis_ticks(
    values: Sequence[Decimal | int | float], count: int = 4, *, logarithmic: bool | None = None
) -> list[float]:
    """A few round values for a value axis from 0; on a log axis (by default where values
    span orders of magnitude) powers of ten, with 2 and 5 between them over two decades
    or fewer."""
    if not values:
        return []
    top = float(max(values))
    if logarithmic is None:
        logarithmic = spans_orders_of_magnitude(values)
    if logarithmic:
        bottom = float(min(values))
        low, high = math.floor(math.log10(bottom)), math.ceil(math.log10(top))
        steps = (1, 2, 5) if high - low <= 2 else (1,)
        ticks = [step * 10.0**power for power in range(low, high) for step in steps]
        ticks.append(10.0**high)
        first = max(t for t in ticks if t <= bottom)
        last = min(t for t in ticks if t >= top)
        return [t for t in ticks if first <= t <= last]
    if top <= 0:
        return [0.0]
    raw = top / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * index for index in range(math.ceil(top / step) + 1)]


@dataclass(frozen=True)
class Bar:
    name: str
    label: str  # the value as the page writes it
    y: float  # the bar's top
    width: float

    @property
    def name_lines(self) -> list[str]:
        """The name on two lines where it is longer than the margin holds."""
        return textwrap.wrap(self.name, BAR_NAME_CHARS) or [self.name]

    @property
    def text_y(self) -> float:  # the baseline of its name and value
        return round(self.y + BAR_HEIGHT / 2 + 4, 1)

    @property
    def value_x(self) -> float:
        return round(self.width + 4, 1)


# A bar chart's drawing: its width, one row per bar, the margins around the plot.
BAR_WIDTH, BAR_ROW, BAR_HEIGHT = 360, 36, 22
BAR_TITLE_LINE, BAR_TITLE_CHARS = 20, 40  # 16 px title lines wrapped at ~40 characters
BAR_NAME_PX, BAR_NAME_MAX = 6.6, 150  # names in 12 px type: ~6.6 px a character
BAR_NAME_CHARS = int((BAR_NAME_MAX - 12) / BAR_NAME_PX)  # a name's line in the margin
BAR_VALUE_ROOM = 56  # right of the plot, for the longest bar's value


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, Decimal | int | None]],
    unit: str,
    *,
    formatter: Callable[[Decimal | int | None], str] = str,
) -> SafeString:
    """Horizontal bars, one per model, top to bottom in the given order, each labelled with
    its value (``formatter``); the axis is logarithmic when values span orders of magnitude.
    Unknown values are left out and named in the label. Drawn by a template from the
    coordinates computed here (the same classes as pygal's charts: static/css/charts.css)."""
    known = [(name, value) for name, value in bars if value is not None]
    values = [value for _, value in known]
    logarithmic = spans_orders_of_magnitude(values)
    ticks = axis_ticks(values, logarithmic=logarithmic)
    longest = max((len(name) for name, _ in known), default=0)
    left = min(BAR_NAME_MAX, 12 + BAR_NAME_PX * longest)
    plot_width = BAR_WIDTH - left - BAR_VALUE_ROOM
    title_lines = textwrap.wrap(title, BAR_TITLE_CHARS) or [title]
    top = 12 + BAR_TITLE_LINE * len(title_lines)

    def x(value) -> float:
        if not ticks:
            return 0.0
        low, high = ticks[0], ticks[-1]
        if logarithmic:
            low, high, value = math.log10(low), math.log10(high), math.log10(float(value))
        return plot_width * (float(value) - low) / (high - low) if high > low else 0.0

    plot_height = BAR_ROW * len(known)
    height = top + plot_height + 52
    unknown = [name for name, value in bars if value is None]
    missing = f" Unknown for {', '.join(unknown)}." if unknown else ""
    return mark_safe(  # a template's output: every name and label is escaped
        render_to_string(
            "includes/bar_chart.svg",
            {
                "description": f"Bar chart: {title}.{missing} The table lists the same figures.",
                "title": title,
                "title_lines": [
                    (BAR_WIDTH / 2, 12 + BAR_TITLE_LINE * (n + 1) - 4, line)
                    for n, line in enumerate(title_lines)
                ],
                "width": BAR_WIDTH,
                "height": height,
                "left": round(left, 1),
                "top": top,
                "plot_width": round(plot_width, 1),
                "plot_height": plot_height,
                "bar_height": BAR_HEIGHT,
                "bars": [
                    Bar(
                        name,
                        formatter(Decimal(str(value))),
                        BAR_ROW * index + (BAR_ROW - BAR_HEIGHT) / 2,
                        round(x(value), 1),
                    )
                    for index, (name, value) in enumerate(known)
                ],
                "ticks": [
                    Tick(round(x(tick), 1), label) for tick, label in axis_labels(formatter, ticks)
                ],
                "tick_label_y": plot_height + 16,
                "unit": unit,
                "unit_x": round(left + plot_width / 2, 1),
                "unit_y": height - 8,
            },
        ).strip()
    )


def price_history_chart(
    title: str,
    history: Sequence[tuple[dt.date, Decimal | None, Decimal | None]],
    today: dt.date | None = None,
) -> SafeString:
    """Input and output price over time, as steps (a price holds until the next change),
    from zero so a change shows at its true size, each price labelled where it starts."""
    today = today or dt.date.today()
    prices = [float(p) for record in history for p in record[1:] if p is not None]
    top = max(prices, default=1.0) * 1.2 or 1.0

    def steps(index: int) -> list[dict]:
        values: list[dict] = []
        for position, record in enumerate(history):
            price = record[index]
            if price is None:
                continue
            if values:  # the old price holds until this record
                values.append({"value": (record[0], values[-1]["value"][1]), "label": ""})
            values.append({"value": (record[0], float(price)), "label": _usd(price)})
            if position == len(history) - 1 and today > record[0]:
                values.append({"value": (today, float(price)), "label": ""})
        return values

    def build(size):
        chart = pygal.DateLine(
            **_config(
                **{"x_label_rotation": 30, **size},
                y_title="USD per 1M tokens",
                interpolate=None,
                range=(0, top),
                include_x_axis=True,
                print_labels=True,
                value_formatter=_usd_axis,
                x_value_formatter=format_date,
            )
        )
        chart.add("Input price", steps(1))
        chart.add("Output price", steps(2))
        return chart

    return _both_widths(
        build,
        f"Step chart: {title}, {len(history)} price record(s), from zero. "
        "The table lists every change.",
    )


def chart_stylesheet() -> str:
    """The CSS pygal inlines in each chart, for every chart at once (static/css/charts.css).

    pygal scopes its rules to one chart's random id; they are scoped to the class every
    pygal chart has instead. A chart with one series per colour yields every colour's rules.
    """
    chart = pygal.Bar(**_config(css=pygal.Config().css))
    for index in range(len(STYLE.colors)):
        chart.add(f"Series {index}", [index + 1])
    svg = chart.render(is_unicode=True)
    chart_id = CHART_ID.search(svg).group(1)
    css = "".join(STYLE_ELEMENT.findall(svg)).replace(f"#{chart_id}", ".pygal-chart")
    css = html.unescape(css)  # the SVG escapes ">" in child selectors; CSS must not
    return f"/* Generated by `python -m catalog.charts`: pygal's chart styles. */\n{css.strip()}\n"


if __name__ == "__main__":
    print(chart_stylesheet(), end="")
