"""Where a scatter chart's point labels go so that none overlaps another or a point.

A plain function over coordinates (no SVG): each label, in order of priority, takes
the first of a few spots around its point (right, left, above, below) whose box stays inside
the plot and clears every point and every label already placed; a label with no free spot
is left out (its point stays, unlabelled, and the chart's table lists it). Text widths are
estimated on the generous side, so boxes drawn by a browser are never wider than these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

CHAR_WIDTH_EM = 0.66  # wider than the average glyph of common sans-serif faces
ASCENT_EM, DESCENT_EM = 0.95, 0.3  # above and below the baseline
GAP = 3.0  # between a point and its label, and around every label


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True)
class Placement:
    """Where a label's text goes: its anchor point, its baseline and which end is anchored."""

    x: float
    y: float  # the baseline
    anchor: Literal["start", "end"]
    box: Box


def text_width(text: str, font_size: float) -> float:
    return len(text) * CHAR_WIDTH_EM * font_size


def _candidates(x: float, y: float, width: float, font_size: float, radius: float):
    """The spots around a point, in order of preference: right, left, then above and below
    (starting or ending at the point, so a point in a corner of the plot can be named)."""
    ascent, descent = ASCENT_EM * font_size, DESCENT_EM * font_size
    middle = y + (ascent - descent) / 2  # a baseline that centres the text on the point
    above = y - radius - GAP - descent
    below = y + radius + GAP + ascent
    near = radius + GAP
    for anchor, tx, ty in (
        ("start", x + near, middle),
        ("end", x - near, middle),
        ("start", x, above),
        ("end", x, above),
        ("start", x, below),
        ("end", x, below),
    ):
        left = tx if anchor == "start" else tx - width
        box = Box(left - GAP / 2, ty - ascent, left + width + GAP / 2, ty + descent)
        yield Placement(tx, ty, anchor, box)


def place_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    *,
    bounds: Box,
    font_size: float,
    radius: float,
    order: Sequence[int] | None = None,
) -> list[Placement | None]:
    """A placement for each label (None where none fits), labels placed in ``order`` of
    priority (indexes; by default as given). No placed label overlaps another label or any
    point, and every one lies inside ``bounds``."""
    dots = [Box(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    placed: list[Placement | None] = [None] * len(points)
    taken: list[Box] = []
    for index in order if order is not None else range(len(points)):
        x, y = points[index]
        width = text_width(texts[index], font_size)
        for spot in _candidates(x, y, width, font_size, radius):
            if spot.box.inside(bounds) and not any(
                spot.box.overlaps(other) for other in (*dots, *taken)
            ):
                placed[index] = spot
                taken.append(spot.box)
                break
    return placed
