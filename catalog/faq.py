"""A question and its answer as every page shows it (model pages, comparisons, the site FAQ)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from catalog.markdown import render_markdown


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str  # plain text: what the page's FAQPage JSON-LD carries
    # An editor's answer, formatted from its Markdown; or the answer as table rows.
    answer_html: SafeString | str = field(default="", kw_only=True)
    rows: tuple[Any, ...] = field(default=(), kw_only=True)


def editorial_faq(entries: Iterable) -> list[FaqItem]:
    """Editors' FAQ entries (``FaqEntry``, ``ComparisonFaqEntry``): Markdown answers as HTML,
    and as plain text for JSON-LD."""
    items = []
    for entry in entries:
        html = render_markdown(entry.answer)
        items.append(FaqItem(entry.question, strip_tags(html).strip(), answer_html=html))
    return items
