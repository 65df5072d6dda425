"""Unknown is not No: a model whose license nobody has sourced shows it as unknown on every
page, never as "Open weights: No" or as proprietary."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import LanguageModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlicensed():
    return LanguageModelFactory(slug="mystery", name="Mystery", license=None)


@pytest.fixture
def proprietary():
    return LanguageModelFactory(slug="known", name="Known")  # the factories' proprietary one


def text_of(fragment: str) -> str:
    """The text of an HTML fragment, in lower case (an unknown may be styled "Unknown")."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip().lower()


def row_cells(page: str, label: str) -> list[str]:
    """The cells of the table row headed ``label`` (a <th scope="row">)."""
    row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', page, re.S)
    assert row, label
    return [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]


def directory_row(page: str, slug: str) -> dict[str, str]:
    """{column label: cell text} of the directory's row for ``slug``."""
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)[1]
    labels = [text_of(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if f'id="pick-{slug}"' in r)
    cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    return dict(zip(labels, cells, strict=True))


def test_the_profile_says_open_weights_unknown(client, unlicensed, proprietary):
    page = client.get(unlicensed.get_absolute_url())
    assert page.status_code == 200
    assert row_cells(page.text, "Open weights") == ["unknown"]
    # The deciding neighbour: a sourced proprietary license is a "No".
    assert row_cells(client.get(proprietary.get_absolute_url()).text, "Open weights") == ["no"]


def test_the_directory_says_license_and_open_weights_unknown(client, unlicensed, proprietary):
    page = client.get(reverse("catalog:model-list"))
    assert page.status_code == 200
    mystery, known = directory_row(page.text, "mystery"), directory_row(page.text, "known")
    assert (mystery["license"], mystery["open weights"]) == ("unknown", "unknown")
    assert known["open weights"] == "no"


def test_the_open_weights_filter_leaves_an_unknown_license_out(client, unlicensed):
    page = client.get(reverse("catalog:model-list"), {"openness": "open-weights"})
    assert page.status_code == 200
    assert 'id="pick-mystery"' not in page.text


def test_the_comparison_says_license_openness_and_commercial_use_unknown(
    client, unlicensed, proprietary
):
    response = client.get(reverse("comparisons:compare", args=["known-vs-mystery"]))
    assert response.status_code == 200
    for label in ("License", "Openness", "Commercial use"):
        assert row_cells(response.text, label)[1] == "unknown", label
    assert row_cells(response.text, "Openness")[0] == "proprietary"
    faq = next(i for i in response.context["comparison"].faq if "open source" in i.question)
    assert "Mystery's license is not sourced yet." in faq.answer
    assert "Mystery is listed under" not in faq.answer
