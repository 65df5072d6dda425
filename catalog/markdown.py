"""Editorial Markdown to safe HTML: Markdown renders, nh3 keeps only harmless markup."""

from __future__ import annotations

import re
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3",
    "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
# Editorial text sits under a page's h2: its own headings, whatever their level, become h3.
HEADING = re.compile(r"<(/?)h[1-6](\s[^>]*)?>")
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


EXTENSIONS = ["tables", "sane_lists"]
_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's Markdown converter, reset for a new text: building one (its extensions
    and processors) costs more than converting a page's text."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(extensions=EXTENSIONS)
    return converter.reset()


def render_markdown(text: str) -> SafeString:
    """HTML for ``text``: no scripts, no event handlers, no javascript: links, no h1/h2."""
    if not text:
        return mark_safe("")
    html = _converter().convert(text)
    html = HEADING.sub(r"<\1h3>", html)
    return mark_safe(  # nh3 has just sanitised it
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )
