"""Server-rendered SVG charts, each shown next to a data table with the same figures.

Python computes every coordinate, tick and label; templates (jinja2/includes/bar_chart.svg,
rendered with Jinja2, and templates/includes/xy_chart.svg) write the SVG, so every name is
escaped. No inline style or script (the
Content Security Policy forbids both): the styles are static/css/charts.css. Each SVG is an
image labelled by a description of what it shows.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from catalog.chart_labels import Box, place_labels
from catalog.formatting import format_date, format_money, format_price


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


def _usd(value: float | Decimal) -> str:
    return format_price(Decimal(str(value)))


def _usd_axis(value: float) -> str:
    """An axis label: $0.10, $1.00, $1,000.00 (prices are never rounded to $0)."""
    return _usd(Decimal(str(value)).normalize())


@dataclass(frozen=True)
class Tick:
    at: float  # where on its axis, in the plot's coordinates
    label: str


@dataclass(frozen=True)
class ChartSize:
    """One drawing of an x-y chart: its class (CSS shows one drawing), its size, at most how
    many steps between its x ticks, its legend's columns and the slant of its x figures."""

    name: str
    width: int
    height: int
    x_steps: int
    legend_columns: int = 2
    x_label_rotation: int = 0


@dataclass(frozen=True)
class Series:
    """One series of a drawing, in its plot's coordinates: a dot of ``radius`` at each of
    ``dots`` and a line through ``line`` (none when empty), in the colour of its index."""

    name: str
    color: int
    dots: Sequence[tuple[float, float]]
    radius: float
    line: Sequence[tuple[float, float]] = ()


@dataclass(frozen=True)
class Frame:
    """Where a drawing's plot goes, and its titles and legend around it."""

    size: ChartSize
    title_lines: list[str]
    y_title_lines: list[str]
    x_title_lines: list[str]
    x_figures: float  # how far below the plot the x figures reach
    legend_top: float  # below the plot
    top: float
    left: float
    plot_width: float
    plot_height: float


MARGIN, TITLE_PX, TITLE_LINE, AXIS_TITLE_LINE = 20, 16, 26, 20
LABEL_PX, TEXT_EM = 12, 0.6  # axis figures and point names; a glyph's width, for margins
LEGEND_ROW = 18


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


def linear_ticks(low: float, high: float, steps: int) -> list[float]:
    """Round values from ``low`` to ``high``: a power of ten apart (or a tenth of it where that
    gives fewer than 4), doubled until at most ``steps`` steps."""
    order = round(math.log10(max(abs(low), abs(high)))) - 1
    if (high - low) / 10**order < 4:
        order -= 1
    step = 10.0**order
    while (high - low) / step > steps:
        step *= 2
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    ticks = [round(n * step, 10) for n in range(first, last + 1)]
    return ticks if len(ticks) >= 2 else [low, high]


def _frame(
    size: ChartSize,
    *,
    title: str,
    x_title: str,
    y_title: str,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    series: int,
) -> Frame:
    """The plot's place in one drawing: the title above it, the y axis's title and figures
    left of it, the x figures (slanted or not), the x axis's title and the legend below it.
    Text widths are estimated at ``TEXT_EM`` of the font size."""
    title_lines = _lines(title, size.width - 2 * MARGIN, TITLE_PX) if title else []
    top = MARGIN + TITLE_LINE * len(title_lines)
    slant = math.radians(size.x_label_rotation)
    widest_x = TEXT_EM * LABEL_PX * max(map(len, x_labels), default=0)
    x_figures = 16 + math.sin(slant) * widest_x
    rows = math.ceil(series / size.legend_columns)
    widest_y = TEXT_EM * LABEL_PX * max(map(len, y_labels), default=0)
    # The last x figure reaches past its tick: half its width, or its slanted run.
    right = max(MARGIN, round(widest_x * (math.cos(slant) if slant else 0.5)))
    x_title_lines = [x_title] if x_title else []
    while True:  # the x title wrapped to the plot's width, which its lines' height may narrow
        legend_top = x_figures + 12 + (20 + AXIS_TITLE_LINE * len(x_title_lines) if x_title else 0)
        plot_height = size.height - top - (legend_top + LEGEND_ROW * rows + 22)
        y_title_lines = _lines(y_title, plot_height, TITLE_PX)
        left = round(MARGIN + AXIS_TITLE_LINE * len(y_title_lines) + 16 + widest_y)
        wrapped = _lines(x_title, size.width - left - right, TITLE_PX) if x_title else []
        if len(wrapped) <= len(x_title_lines):
            break
        x_title_lines = wrapped
    return Frame(
        size,
        title_lines,
        y_title_lines,
        wrapped,
        x_figures,
        legend_top,
        top,
        left,
        size.width - left - right,
        round(plot_height, 1),
    )


def _drawing(
    frame: Frame,
    *,
    x_ticks: Sequence[Tick],
    y_ticks: Sequence[Tick],
    series: Sequence[Series],
    labels: Sequence[tuple[float, float, str, str]],
) -> dict:
    """What includes/xy_chart.svg draws for one drawing: ``labels`` are (x, y, text-anchor,
    text) in the plot's coordinates."""
    size = frame.size
    plot_bottom = frame.top + frame.plot_height
    columns = size.legend_columns
    return {
        "class": size.name,
        "width": size.width,
        "height": size.height,
        "title_lines": [
            (size.width / 2, MARGIN + 6 + TITLE_LINE * n, line)
            for n, line in enumerate(frame.title_lines)
        ],
        "x_title_lines": [
            (
                round(frame.left + frame.plot_width / 2, 1),
                round(plot_bottom + frame.x_figures + 32 + AXIS_TITLE_LINE * n, 1),
                line,
            )
            for n, line in enumerate(frame.x_title_lines)
        ],
        "y_title_lines": [
            (26 + AXIS_TITLE_LINE * n, round(frame.top + frame.plot_height / 2, 1), line)
            for n, line in enumerate(frame.y_title_lines)
        ],
        "left": frame.left,
        "top": frame.top,
        "plot_width": frame.plot_width,
        "plot_height": frame.plot_height,
        "y_ticks": [(tick.at, round(tick.at + 4, 1), tick.label) for tick in y_ticks],
        "x_ticks": x_ticks,
        "x_label_y": round(frame.plot_height + 16, 1),
        "x_label_rotation": size.x_label_rotation,
        "series": series,
        "labels": labels,
        # A phone's one-column legend starts at the margin: its entries get the full width.
        "legend": (frame.left + 10 if columns > 1 else MARGIN, plot_bottom + frame.legend_top),
        "legend_items": [
            (round(frame.plot_width / columns * (n % columns), 1), LEGEND_ROW * (n // columns), s)
            for n, s in enumerate(series)
        ],
    }


def _render_drawings(title: str, description: str, drawings: Sequence[dict]) -> SafeString:
    return mark_safe(  # a template's output: every name and label is escaped
        render_to_string(
            "includes/xy_chart.svg",
            {"title": title, "description": description, "drawings": drawings},
        ).strip()
    )


SCATTER_LOG_RATIO = 10  # a scatter's cost axis is logarithmic from one order of magnitude
# Drawn for a desktop and for a phone (taller, fewer score ticks, the legend in one column),
# so its text stays legible at 390 px instead of shrinking with a wide drawing.
SCATTER_SIZES = (
    ChartSize("chart-wide", 800, 420, x_steps=16),
    ChartSize("chart-narrow", 400, 460, x_steps=6, legend_columns=1),
)
DOT, FRONTIER_DOT = 4, 6  # radii: the frontier's points are larger


def _scatter_drawing(
    size: ChartSize,
    *,
    title: str,
    score_title: str,
    cost_title: str,
    others: Sequence[Point],
    frontier: Sequence[Point],
    cost_ticks: Sequence[tuple[float, str]],
    scale: Callable[[Decimal | float], float],
) -> dict:
    """One drawing: the frontier's points after the others, each named (the frontier's
    first, then the others in the given order) where its name fits."""
    points = [*others, *frontier]
    x_low, x_high = _padded([float(p.score) for p in points])
    ticks = linear_ticks(x_low, x_high, size.x_steps)
    frame = _frame(
        size,
        title=title,
        x_title=score_title,
        y_title=cost_title,
        x_labels=[f"{tick:g}" for tick in ticks],
        y_labels=[label for _, label in cost_ticks],
        series=2,
    )
    y_low, y_high = _padded([scale(p.cost) for p in points] + [scale(t) for t, _ in cost_ticks])

    def x(score) -> float:
        return round(frame.plot_width * (float(score) - x_low) / (x_high - x_low), 1)

    def y(cost) -> float:
        return round(frame.plot_height * (y_high - scale(cost)) / (y_high - y_low), 1)

    dots = [(x(p.score), y(p.cost)) for p in points]
    spots = place_labels(
        dots,
        [p.label for p in points],
        bounds=Box(0, 0, frame.plot_width, frame.plot_height),
        font_size=LABEL_PX,
        radius=FRONTIER_DOT,
        order=[*range(len(others), len(points)), *range(len(others))],
    )
    on_frontier = dots[len(others) :]
    return _drawing(
        frame,
        x_ticks=[Tick(x(tick), f"{tick:g}") for tick in ticks],
        y_ticks=[Tick(y(value), label) for value, label in cost_ticks],
        series=[
            Series("Other models", 0, dots[: len(others)], DOT),
            Series(
                "Cheapest for its score (Pareto frontier)",
                1,
                on_frontier,
                FRONTIER_DOT,
                line=on_frontier,
            ),
        ],
        labels=[
            (round(spot.x, 1), round(spot.y, 1), spot.anchor, point.label)
            for spot, point in zip(spots, points, strict=True)
            if spot
        ],
    )


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
    computed here."""
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
    return _render_drawings(
        title,
        f"Scatter chart of {cost_label} against {benchmark} score for {len(points)} models; "
        f"{len(frontier)} are on the Pareto frontier. The table below lists the same figures.",
        [drawing(size) for size in SCATTER_SIZES],
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
    coordinates computed here."""
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
            using="jinja2",  # a comparison draws two
        ).strip()
    )


# The price history: slanted dates under the plot, fewer of them on a phone.
HISTORY_SIZES = (
    ChartSize("chart-wide", 800, 420, x_steps=8, x_label_rotation=30),
    ChartSize("chart-narrow", 400, 380, x_steps=5, x_label_rotation=40),
)
HISTORY_DOT = 2.5
PRICE_FIGURE_OFFSET = (16, 21)  # a price's figure: below and right of where it starts
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def date_ticks(start: dt.date, end: dt.date, most: int) -> list[dt.date]:
    """First days of months from ``start`` to ``end``: every 1, 2, 3 or 6 months or whole
    years (aligned: quarters begin in January, April...), the closest that gives at most
    ``most`` of them; ``start`` alone where no month begins in the range."""
    first = start.year * 12 + start.month - 1 + (start.day > 1)  # a month's index
    last = end.year * 12 + end.month - 1
    for step in MONTH_STEPS:
        months = range(math.ceil(first / step) * step, last + 1, step)
        if len(months) <= most:
            break
    return [dt.date(index // 12, index % 12 + 1, 1) for index in months] or [start]


def _price_steps(
    history: Sequence[tuple[dt.date, Decimal | None, Decimal | None]], index: int, today: dt.date
) -> list[tuple[dt.date, Decimal, bool]]:
    """One price's corners as steps (it holds until the next record), each with whether a new
    price starts there; the last one holds until ``today``."""
    corners: list[tuple[dt.date, Decimal, bool]] = []
    for position, record in enumerate(history):
        price = record[index]
        if price is None:
            continue
        if corners:  # the old price holds until this record
            corners.append((record[0], corners[-1][1], False))
        corners.append((record[0], price, True))
        if position == len(history) - 1 and today > record[0]:
            corners.append((today, price, False))
    return corners


def _history_drawing(
    size: ChartSize,
    *,
    prices: dict[str, list[tuple[dt.date, Decimal, bool]]],
    days: tuple[float, float],
    usd: tuple[float, float],
    usd_ticks: Sequence[float],
) -> dict:
    """One drawing: each price's steps over ``days`` (ordinals) and ``usd``, its figure
    below and right of where it starts."""
    (x_low, x_high), (y_low, y_high) = days, usd
    day_ticks = date_ticks(
        dt.date.fromordinal(math.ceil(x_low)), dt.date.fromordinal(math.floor(x_high)), size.x_steps
    )
    frame = _frame(
        size,
        title="",
        x_title="",
        y_title="USD per 1M tokens",
        x_labels=[format_date(day) for day in day_ticks],
        y_labels=[_usd_axis(tick) for tick in usd_ticks],
        series=len(prices),
    )

    def x(day: dt.date) -> float:
        return round(frame.plot_width * (day.toordinal() - x_low) / (x_high - x_low), 1)

    def y(price: Decimal | float) -> float:
        return round(frame.plot_height * (y_high - float(price)) / (y_high - y_low), 1)

    dx, dy = PRICE_FIGURE_OFFSET
    series = []
    labels = []
    for color, (name, steps) in enumerate(prices.items()):
        corners = [(x(day), y(price)) for day, price, _ in steps]
        series.append(Series(name, color, corners, HISTORY_DOT, line=corners))
        labels += [
            (round(x(day) + dx, 1), round(y(price) + dy, 1), "start", _usd(price))
            for day, price, starts in steps
            if starts
        ]
    return _drawing(
        frame,
        x_ticks=[Tick(x(day), format_date(day)) for day in day_ticks],
        y_ticks=[Tick(y(tick), _usd_axis(tick)) for tick in usd_ticks],
        series=series,
        labels=labels,
    )


def price_history_chart(
    title: str,
    history: Sequence[tuple[dt.date, Decimal | None, Decimal | None]],
    today: dt.date | None = None,
) -> SafeString:
    """Input and output price over time, as steps (a price holds until the next change),
    from zero so a change shows at its true size, each price labelled where it starts.
    Drawn for a desktop and for a phone; empty where no price was recorded."""
    today = today or dt.date.today()
    prices = {
        name: _price_steps(history, index, today)
        for index, name in enumerate(("Input price", "Output price"), start=1)
    }
    corners = [corner for steps in prices.values() for corner in steps]
    if not corners:
        return mark_safe("")
    usd = _padded([0.0, max(float(price) for _, price, _ in corners) * 1.2 or 1.0])
    drawing = partial(
        _history_drawing,
        prices=prices,
        days=_padded([day.toordinal() for day, _, _ in corners]),
        usd=usd,
        usd_ticks=[tick for tick in linear_ticks(*usd, 16) if tick >= 0],
    )
    return _render_drawings(
        f"{title}: price per 1M tokens over time",
        f"Step chart: {title}, {len(history)} price record(s), from zero. "
        "The table lists every change.",
        [drawing(size) for size in HISTORY_SIZES],
    )
