"""Server-rendered SVG charts (pygal), each shown next to a data table with the same figures.

pygal draws the SVG; we drop the inline <script> it always embeds (interactive tooltips)
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


def _both_widths(
    build, description: str, *, narrow=NARROW, finish: Callable[[str], str] = str
) -> SafeString:
    """The chart drawn at a desktop's and at a phone's size (``finish`` edits each SVG)."""
    wide = finish(_render(build(WIDE), description)).replace(
        'class="pygal-chart"', 'class="pygal-chart chart-wide"', 1
    )
    narrow = finish(_render(build(narrow), description)).replace(
        'class="pygal-chart"', 'class="pygal-chart chart-narrow"', 1
    )
    return mark_safe(wide + narrow)  # both rendered by pygal, which escapes every label


def _usd(value: float | Decimal) -> str:
    return format_price(Decimal(str(value)))


def _usd_axis(value: float) -> str:
    """An axis label: $0.10, $1.00, $1,000.00 (prices are never rounded to $0)."""
    return _usd(Decimal(str(value)).normalize())


# A scatter chart at a phone's width: taller, fewer score ticks, the legend in one column.
NARROW_SCATTER = {
    "width": 400,
    "height": 460,
    "max_scale": 6,
    "legend_at_bottom_columns": 1,
    "truncate_legend": -1,
}
SCATTER_LOG_RATIO = 10  # a scatter's cost axis is logarithmic from one order of magnitude
PLOT = re.compile(
    r'class="plot"><rect x="0" y="0" width="([\d.]+)" height="([\d.]+)" class="background"'
)
DOT = re.compile(r'<circle cx="([-\d.e]+)" cy="([-\d.e]+)" r="([\d.]+)" class="dot')
POINT_LABEL = re.compile(r'<text x="[-\d.e]+" y="[-\d.e]+" class="label">([^<]*)</text>')


def _spread_labels(svg: str, priority: Sequence[int]) -> str:
    """Moves each point's name (pygal writes them all below-right of their points) to a spot
    where it overlaps no other name and no point, and drops those with no free spot
    (``catalog.chart_labels``); names are placed in ``priority`` order."""
    width, height = (float(v) for v in PLOT.search(svg).groups())
    dots = [(float(x), float(y), float(r)) for x, y, r in DOT.findall(svg)]
    texts = [html.unescape(text) for text in POINT_LABEL.findall(svg)]
    placements = place_labels(
        [(x, y) for x, y, _ in dots],
        texts,
        bounds=Box(0, 0, width, height),
        font_size=STYLE.value_label_font_size,
        radius=max((r for _, _, r in dots), default=0),
        order=priority,
    )
    spots = iter(placements)

    def moved(match: re.Match) -> str:
        spot = next(spots)
        if spot is None:
            return ""
        return (
            f'<text x="{spot.x:.1f}" y="{spot.y:.1f}" text-anchor="{spot.anchor}" '
            f'class="label">{match.group(1)}</text>'  # pygal escaped the name
        )

    return POINT_LABEL.sub(moved, svg)


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
    as a line. Drawn for a desktop and for a phone."""
    frontier = pareto_frontier(points, higher_is_better=higher_is_better)
    costs = [p.cost for p in points]
    logarithmic = spans_orders_of_magnitude(costs, ratio=SCATTER_LOG_RATIO)

    def y(cost: Decimal) -> float:
        return math.log10(cost) if logarithmic else float(cost)

    on_frontier = {p.label for p in frontier}
    others = [p for p in points if p.label not in on_frontier]
    # pygal draws the other models' points first, then the frontier's.
    priority = [len(others) + index for index in range(len(frontier))] + [
        index for index, _ in sorted(enumerate(others), key=lambda pair: pair[1].cost)
    ]

    def build(size):
        chart = pygal.XY(
            **_config(
                **size,
                title=f"{cost_label} versus {benchmark} score"
                + (" (log scale)" if logarithmic else ""),
                x_title=f"{benchmark} score",
                y_title=cost_label,
                stroke=False,
                dots_size=4,
                print_labels=True,
                y_labels=[
                    {"value": y(Decimal(str(tick))), "label": label}
                    for tick, label in axis_labels(
                        formatter,
                        [
                            t
                            for t in axis_ticks(costs, logarithmic=logarithmic)
                            if t > 0 or not logarithmic
                        ],
                    )
                ],
            )
        )
        chart.add(
            "Other models",
            [{"value": (float(p.score), y(p.cost)), "label": p.label} for p in others],
        )
        chart.add(
            "Cheapest for its score (Pareto frontier)",
            [{"value": (float(p.score), y(p.cost)), "label": p.label} for p in frontier],
            stroke=True,
            dots_size=6,
        )
        return chart

    description = (
        f"Scatter chart of {cost_label} against {benchmark} score for {len(points)} models; "
        f"{len(frontier)} are on the Pareto frontier. The table below lists the same figures."
    )
    return _both_widths(
        build,
        description,
        narrow=NARROW_SCATTER,
        finish=lambda svg: _spread_labels(svg, priority),
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


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


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
