"""The price-history chart: drawn for a desktop and a phone, dollar axis from zero, each
price labelled where it starts."""

import datetime as dt
import re
from decimal import Decimal as D

from catalog.charts import chart_stylesheet, price_history_chart


def labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]+)</text>", svg)


def test_price_history_starts_at_zero_and_labels_each_price():
    history = [(dt.date(2025, 1, 1), D("5"), D("15")), (dt.date(2025, 6, 1), D("2.5"), D("10"))]
    svg = price_history_chart("A on P", history, today=dt.date(2025, 12, 1))
    assert 'class="pygal-chart chart-wide"' in svg and 'class="pygal-chart chart-narrow"' in svg
    text = labels(svg)
    assert "$0.00" in text  # the axis starts at zero, so the cut shows at its true size
    assert {"$5.00", "$2.50", "$15.00", "$10.00"} <= set(text)
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 2025", label) for label in text)  # "1 Jun 2025"


def test_chart_stylesheet_has_no_escaped_selectors():
    assert "&gt;" not in chart_stylesheet()
    assert ".pygal-chart .graph > .background{fill:transparent}" in chart_stylesheet()
