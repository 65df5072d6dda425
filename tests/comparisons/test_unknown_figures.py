"""Unknown is a value (catalog.formatting.Unknown) that every page shows one way: "Unknown"
in the ``unknown`` style, never "No", 0 or a bare "—"."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from catalog.formatting import UNKNOWN_FIGURE, Unknown, figure, format_tokens, is_known
from tests.factories import LanguageModelFactory, LicenseFactory, OfferingFactory

UNKNOWN_CELL = '<td><span class="unknown">Unknown</span></td>'


def cells(html: str, label: str) -> list[str]:
    """The cells of the table row headed ``label``."""
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert row, f"no row {label!r}"
    return re.findall(r"<td>.*?</td>", row.group(1), re.S)


def test_unknown_is_a_value_apart_from_every_known_figure():
    assert figure(None, format_tokens) is UNKNOWN_FIGURE
    assert figure("", str) is UNKNOWN_FIGURE
    assert figure(0, str) == "0"  # a zero is a figure, not an unknown
    assert figure(128_000, format_tokens) == "128K"
    assert not is_known(Unknown("no price listed"))
    assert is_known("No") and is_known("0")


def test_the_figure_filter_styles_unknown_and_escapes_known_text():
    template = Template(
        "{% load figures %}{{ a|figure }}|{{ b|figure }}|{{ c|figure }}|{{ d|figure }}"
    )
    html = template.render(
        Context({"a": UNKNOWN_FIGURE, "b": Unknown("no price listed"), "c": None, "d": "<No>"})
    )
    assert html == (
        '<span class="unknown">Unknown</span>|<span class="unknown">no price listed</span>|'
        '<span class="unknown">Unknown</span>|&lt;No&gt;'
    )


@pytest.fixture
def unknown_next_to_known(db):
    mystery = LanguageModelFactory(
        slug="mystery", name="Mystery", context_window_tokens=None, license=None
    )
    known = LanguageModelFactory(
        slug="known", name="Known", context_window_tokens=200_000, license=LicenseFactory()
    )
    OfferingFactory(model=known, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"))
    return mystery, known


def test_a_comparison_row_shows_unknown_next_to_a_known_value(client, unknown_next_to_known):
    html = client.get(reverse("comparisons:compare", args=["known-vs-mystery"])).text
    # Columns follow the canonical (alphabetical) order: Known, then Mystery.
    assert cells(html, "Max output")[1] != UNKNOWN_CELL  # the factory's 8,192 is known
    context = cells(html, "Context window")
    assert context[0] != UNKNOWN_CELL and "200K" in context[0]
    assert context[1] == UNKNOWN_CELL
    assert cells(html, "License")[1] == UNKNOWN_CELL
    openness = cells(html, "Openness")
    assert openness == ["<td>Open source</td>", UNKNOWN_CELL]
    assert cells(html, "Cheapest input")[1] == (
        '<td><span class="unknown">no price listed</span></td>'
    )
    assert "—" not in html


def test_an_unknown_license_never_shows_open_weights_no(client, unknown_next_to_known):
    mystery, known = unknown_next_to_known
    html = client.get(mystery.get_absolute_url()).text
    row = re.search(r'<th scope="row">Open weights</th><td>(.*?)</td>', html, re.S).group(1)
    assert row == '<span class="unknown">Unknown</span>'
    listing = client.get(reverse("catalog:model-list"), {"columns": "open_weights"}).text
    assert "Open weights: No" not in html + listing
    known_row = re.search(
        r'<th scope="row">Open weights</th><td>(.*?)</td>',
        client.get(known.get_absolute_url()).text,
    ).group(1)
    assert known_row.startswith("Yes")


def test_the_pricing_table_shows_an_unknown_price_as_unknown_not_zero(client, db):
    route = OfferingFactory(input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=None)
    OfferingFactory(model=route.model, input_usd_per_mtok=Decimal("0"), output_usd_per_mtok=None)
    html = client.get(reverse("comparisons:pricing")).text
    assert '<td class="num"><span class="unknown">Unknown</span></td>' in html
    assert "$0.00" not in html  # a $0 on a paid route is no documented price
