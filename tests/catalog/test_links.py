"""catalog.links: one reverse serves every URL of a pattern, and gives what reverse gives."""

import pytest
from django.urls import reverse

from catalog.links import model_urls, url_maker


@pytest.mark.parametrize(
    ("viewname", "marker", "values"),
    [
        ("catalog:model-detail", "marker", ["gpt-5", "claude-haiku-4-5", "o3"]),
        ("catalog:lab-detail", "marker", ["openai", "meta-llama"]),
        # An id pattern takes "0" as its marker; ids with zeros in them go in whole.
        ("comparisons:route-history", "0", [7, 100, 2040]),
        ("comparisons:compare", "marker", ["gpt-5-vs-o3"]),
    ],
)
def test_url_maker_gives_what_reverse_gives(viewname, marker, values):
    url = url_maker(viewname, marker=marker)
    assert [url(value) for value in values] == [reverse(viewname, args=[v]) for v in values]


def test_model_urls_are_the_model_pages():
    assert model_urls()("gpt-5") == "/models/gpt-5/"
