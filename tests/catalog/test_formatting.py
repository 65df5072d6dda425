"""The formatting vocabulary: one way to show each kind of figure, on every page."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.template import Context, Template

from catalog.formatting import (
    format_date,
    format_money,
    format_parameters,
    format_price,
    format_score,
    format_tokens,
    join_names,
    money_formatter,
    money_precision,
)
from tests.factories import BenchmarkFactory


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2024, 10, 22), "22 Oct 2024"),
        (dt.date(2026, 1, 5), "5 Jan 2026"),  # no leading zero
        (dt.datetime(2025, 12, 31, 23, 59, tzinfo=dt.UTC), "31 Dec 2025"),
        ("2025-02", "Feb 2025"),  # a knowledge cutoff keeps its month precision
        ("2024-11-23", "23 Nov 2024"),
        ("2024", "2024"),
        ("2025-13", "2025-13"),  # not a month: shown as given, never guessed
        ("early 2024", "early 2024"),
        (None, "unknown"),
        ("", "unknown"),
    ],
)
def test_dates_read_one_way(value, text):
    assert format_date(value) == text


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (None, "unknown"),
        (512, "512"),
        (999, "999"),
        (1_000, "1K"),
        (200_000, "200K"),
        (262_144, "262K"),
        (999_499, "999K"),
        (999_500, "1M"),  # would round to "1000K": the next unit instead
        (999_999, "1M"),
        (1_000_000, "1M"),
        (1_048_576, "1.05M"),
        (1_050_000, "1.05M"),
        (2_000_000, "2M"),
    ],
)
def test_token_counts_are_abbreviated(tokens, text):
    assert format_tokens(tokens) == text


@pytest.mark.parametrize(
    ("price", "text"),
    [
        (None, "unknown"),
        (D("4"), "$4.00"),
        (D("0.8"), "$0.80"),
        (D("0.0750"), "$0.075"),  # the source's precision, trailing zeros dropped
        (D("0.0375"), "$0.0375"),
        (D("0.000001"), "$0.000001"),  # never rounded to $0
        (D("0"), "$0.00"),
        (D("15.00"), "$15.00"),
        (D("1250.5"), "$1,250.50"),
    ],
)
def test_prices_per_token_keep_the_source_precision(price, text):
    assert format_price(price) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("12.345"), "$12.35"),
        (D("99.994"), "$99.99"),
        (D("99.995"), "$100"),  # rounds to $100.00: whole dollars from there
        (D("100"), "$100"),
        (D("181.07"), "$181"),
        (D("1640"), "$1,640"),
        (D("-2050.4"), "-$2,050"),
        (D("0.004"), "$0.00"),
        (None, "unknown"),
    ],
)
def test_money_by_magnitude(amount, text):
    assert format_money(amount) == text


def test_one_table_one_money_precision():
    small = [D("181.07"), D("12.5"), None]
    assert money_precision([D("12.5"), D("99.994"), None]) == "cents"
    assert money_precision([D("12.5"), D("99.995")]) == "dollars"
    assert money_precision([]) == "cents"
    precision = money_precision(small)
    assert [format_money(a, precision) for a in small] == ["$181", "$13", "unknown"]
    assert format_money(D("0.40"), "dollars") == "<$1"  # not "$0": it is not free
    assert format_money(D("0"), "dollars") == "$0"
    assert format_money(D("1218.4"), "cents") == "$1,218.40"


@pytest.mark.parametrize(
    ("amounts", "texts"),
    [
        # The deciding case: $18.26 beside $244 -> whole dollars for both, never mixed.
        ([D("18.26"), D("244.11")], ["$18", "$244"]),
        ([D("18.26"), D("24.35")], ["$18.26", "$24.35"]),  # all under $100: cents
        ([D("244.11"), D("1218.4")], ["$244", "$1,218"]),  # all large: whole dollars
        ([D("27"), None, D("450")], ["$27", "unknown", "$450"]),
    ],
)
def test_amounts_read_together_take_one_precision(amounts, texts):
    money = money_formatter(amounts)
    assert [money(amount) for amount in amounts] == texts


@pytest.mark.parametrize(
    ("score", "decimals", "text"),
    [
        (D("80.9"), 1, "80.9"),
        (D("80"), 1, "80.0"),  # not "80" beside "80.9"
        (D("39.45"), 1, "39.5"),  # half up, the same on every page
        (D("39.45"), 2, "39.45"),
        (D("1402.6"), 0, "1,403"),
        (None, 1, "unknown"),
    ],
)
def test_scores_at_their_benchmark_precision(score, decimals, text):
    assert format_score(score, decimals) == text


def test_ratios_and_gaps_drop_trailing_zeros():
    assert format_score(D("2.0")) == "2"
    assert format_score(D("6.66")) == "6.7"
    assert format_score(D("0.04")) == "0"


def test_format_parameters_and_names():
    assert format_parameters(D("109"), D("17")) == "109B (17B active)"
    assert format_parameters(D("4"), None) == "4B"
    assert format_parameters(None) == "unknown"
    assert join_names(["A", "B", "C"]) == "A, B, and C"
    assert join_names(["A", "B"]) == "A and B"


def render(source: str, **context) -> str:
    return Template("{% load figures %}" + source).render(Context(context))


def test_filters_mark_unknown_and_give_exact_tokens_in_a_title():
    assert render("{{ n|tokens }}", n=1_048_576) == (
        '<data value="1048576" title="1,048,576 tokens">1.05M</data>'
    )
    unknown = '<span class="unknown">Unknown</span>'
    assert render("{{ n|tokens }}", n=None) == unknown
    assert render("{{ p|usd }}", p=None) == unknown
    assert render("{{ d|day }}", d=None) == unknown
    assert render("{{ d|day }}", d=dt.date(2024, 10, 22)) == "22 Oct 2024"
    assert render("{{ p|usd }}", p=D("0.075")) == "$0.075"


def test_money_filter_takes_the_table_precision():
    amounts = [D("181.07"), D("12.5")]
    source = (
        "{% with precision=amounts|money_precision %}"
        "{% for a in amounts %}{{ a|money:precision }} {% endfor %}{% endwith %}"
    )
    assert render(source, amounts=amounts) == "$181 $13 "
    assert render(source, amounts=[D("81.07"), D("12.5")]) == "$81.07 $12.50 "
    assert render("{{ a|money }}", a=D("99.995")) == "$100"


@pytest.mark.django_db
def test_score_filter_reads_the_benchmark_precision():
    two = BenchmarkFactory(score_decimals=2)
    assert render("{{ s|score:b }}", s=D("80.9"), b=two) == "80.90"
    assert render("{{ s|score:b }}", s=D("80.9"), b=BenchmarkFactory()) == "80.9"
    assert render("{{ s|score:0 }}", s=D("80.9")) == "81"


def test_provenance_names_the_source_its_note_and_when_it_was_read():
    source = "{% provenance url on note=note label=label verb=verb compact=compact %}"
    day = dt.date(2026, 7, 2)
    full = dict(url="https://a.test/?x=1&y=2", on=day, note='card "v2"', label="", verb="")
    assert render(source, **full, compact=False) == (
        '<a href="https://a.test/?x=1&amp;y=2" rel="nofollow noopener">source</a> '
        '<span class="source-note">(card &quot;v2&quot;)</span>, checked 2 Jul 2026'
    )
    # Compact (a table cell): the note in a title and for screen readers only.
    assert render(source, **full, compact=True) == (
        '<a href="https://a.test/?x=1&amp;y=2" rel="nofollow noopener" '
        'title="card &quot;v2&quot;">source</a>'
        '<span class="visually-hidden"> (card &quot;v2&quot;)</span>, checked 2 Jul 2026'
    )
    # Unknown source and date are said so; a label and a verb replace "source", "checked".
    assert render(source, url="", on=None, note="", label="", verb="", compact=False) == (
        '<span class="unknown">source unknown</span>, <span class="unknown">date unknown</span>'
    )
    assert (
        render(
            source,
            url="https://a.test/",
            on=day,
            note="",
            label="Lab",
            verb="measured",
            compact=False,
        )
        == '<a href="https://a.test/" rel="nofollow noopener">Lab</a>, measured 2 Jul 2026'
    )
