"""Many URLs of one pattern at the cost of one ``reverse``: a page that links every row (a
model, a lab, a provider, a route's price history) reverses its pattern once, not per row."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse


def url_maker(viewname: str, marker: str = "marker") -> Callable[[object], str]:
    """``reverse(viewname, args=[value])`` for many values: the URL around ``marker`` (a
    value its pattern accepts: "0" for an id), each value put in its place. For values that
    go in a URL as they are: slugs, keys of slugs, ids."""
    before, after = reverse(viewname, args=[marker]).rsplit(marker, 1)
    return lambda value: f"{before}{value}{after}"


def model_urls() -> Callable[[str], str]:
    """A published model's page URL from its slug (``get_absolute_url``)."""
    return url_maker("catalog:model-detail")
