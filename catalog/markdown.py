"""Editorial Markdown to safe HTML: Markdown renders, nh3 keeps only harmless markup."""

from __future__ import annotations

import re

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


def render_markdown(text: str) -> SafeString:
    """HTML for ``text``: no scripts, no event handlers, no javascript: links, no h1/h2."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
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
