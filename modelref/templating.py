"""The Jinja2 engine (settings.TEMPLATES "jinja2"): Django's escaping, so a page part it
renders is byte for byte what Django's engine would render."""

import html

from django.utils.safestring import SafeString

from jinja2 import Environment


def django_escaped(value):
    """A printed value as Django escapes it, where that differs from Jinja2's own escaping
    (MarkupSafe's): quotes, &quot; and &#x27; (not &#34; and &#39;). Everything else is left
    to Jinja2, which escapes &, < and > as Django does; a safe value passes as it is."""
    if hasattr(value, "__html__"):
        return value
    text = value if isinstance(value, str) else str(value)
    if '"' in text or "'" in text:
        return SafeString(html.escape(text))
    return value


def environment(**options) -> Environment:
    return Environment(finalize=django_escaped, **options)
