"""The Jinja2 engine (settings.TEMPLATES "jinja2"): Django's escaping, so a page part it
renders is byte for byte what Django's engine would render."""

from django.utils.html import conditional_escape

from jinja2 import Environment


def environment(**options) -> Environment:
    # Every printed value escaped as Django escapes (&quot;, &#x27;), not MarkupSafe's
    # (&#34;, &#39;); values already safe (SafeString, Markup) pass as they are.
    return Environment(finalize=conditional_escape, **options)
