"""Point labels on a scatter chart: none overlaps another label or a point, none leaves the
plot, the more important ones are placed first, and the others are left out."""

import re
from decimal import Decimal as D
from itertools import combinations

from catalog.chart_labels import Box, place_labels, text_width
from catalog.charts import Point, price_score_chart

BOUNDS = Box(0, 0, 400, 300)
FONT, RADIUS = 12, 4


def place(points, texts, **kwargs):
    return place_labels(points, texts, bounds=BOUNDS, font_size=FONT, radius=RADIUS, **kwargs)


def test_a_lone_label_sits_right_of_its_point_centred_on_it():
    (spot,) = place([(100, 100)], ["Alpha"])
    assert spot.anchor == "start" and spot.x > 100 + RADIUS
    assert spot.box.top < 100 < spot.box.bottom
    assert spot.box.right - spot.box.left >= text_width("Alpha", FONT)


def test_a_label_near_the_right_edge_goes_left_of_its_point():
    (spot,) = place([(390, 100)], ["Claude Opus 4.5"])
    assert spot.anchor == "end" and spot.x < 390 - RADIUS
    assert spot.box.inside(BOUNDS)


def test_two_close_points_get_labels_that_do_not_overlap():
    first, second = place([(100, 100), (104, 104)], ["Alpha", "Beta"])
    assert first is not None and second is not None
    assert not first.box.overlaps(second.box)
    # Neither label covers either point.
    for x, y in ((100, 100), (104, 104)):
        dot = Box(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS)
        assert not first.box.overlaps(dot) and not second.box.overlaps(dot)


def test_in_a_cluster_the_first_in_priority_are_named_and_the_rest_left_out():
    # Nine points packed in a 16 px square: there is room for a few names around it, not nine.
    points = [(200 + 8 * (i % 3), 150 + 8 * (i // 3)) for i in range(9)]
    texts = [f"Model {i}" for i in range(9)]
    order = [8, 7, 6, 5, 4, 3, 2, 1, 0]
    spots = place(points, texts, order=order)
    named = [i for i, spot in enumerate(spots) if spot is not None]
    assert 0 < len(named) < 9
    assert 8 in named  # the first in priority always finds a spot around a free side
    assert 0 not in named  # the last in priority finds none left
    boxes = [spot.box for spot in spots if spot is not None]
    assert all(not a.overlaps(b) for a, b in combinations(boxes, 2))
    assert all(box.inside(BOUNDS) for box in boxes)


def test_touching_boxes_do_not_count_as_overlapping():
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
    assert Box(0, 0, 10, 10).overlaps(Box(9.9, 9.9, 20, 20))


def label_texts(svg: str) -> list[str]:
    return re.findall(r'class="label">([^<]*)</text>', svg)


def test_the_price_score_chart_names_the_frontier_first_in_both_drawings():
    # A frontier of three, and a tight cluster of twelve dominated models.
    frontier = [
        Point("Cheap", D("40"), D("10")),
        Point("Middle", D("60"), D("100")),
        Point("Best", D("80"), D("1000")),
    ]
    cluster = [Point(f"Crowd {n}", D(50) + D(n) / 10, D(500) + n) for n in range(12)]
    svg = price_score_chart(frontier + cluster, benchmark="X", cost_label="Monthly cost (USD)")
    wide, narrow = svg.split('class="svg-chart chart-narrow"')
    assert 'class="svg-chart chart-wide"' in wide
    for drawing in (wide, narrow):
        names = label_texts(drawing)
        assert {"Cheap", "Middle", "Best"} <= set(names)
        assert 0 < len([n for n in names if n.startswith("Crowd")]) < 12  # some left unnamed
    assert "(log scale)" in svg  # $10 to $1,000: two orders of magnitude
