from decimal import Decimal as D

import pytest

from catalog.formatting import (
    format_money,
    format_parameters,
    format_price,
    format_tokens,
    join_names,
)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (None, "unknown"),
        (200_000, "200k"),
        (262_144, "262k"),
        (1_048_576, "1.05M"),
        (1_000_000, "1M"),
        (512, "512"),
    ],
)
def test_format_tokens(tokens, text):
    assert format_tokens(tokens) == text


@pytest.mark.parametrize(
    ("price", "text"),
    [
        (None, "unknown"),
        (D("4"), "$4"),
        (D("0.8"), "$0.80"),
        (D("0.0750"), "$0.075"),
        (D("15.00"), "$15"),
        (D("1250.5"), "$1,250.50"),
    ],
)
def test_format_price(price, text):
    assert format_price(price) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [(D("1640"), "$1,640"), (D("12.345"), "$12.35"), (D("-2050.4"), "-$2,050"), (None, "unknown")],
)
def test_format_money(amount, text):
    assert format_money(amount) == text


def test_format_parameters_and_names():
    assert format_parameters(D("109"), D("17")) == "109B (17B active)"
    assert format_parameters(D("4"), None) == "4B"
    assert format_parameters(None) == "unknown"
    assert join_names(["A", "B", "C"]) == "A, B, and C"
    assert join_names(["A", "B"]) == "A and B"
