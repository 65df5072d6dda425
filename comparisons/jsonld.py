"""schema.org JSON-LD, escaped so that no value can close its <script> element."""

import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_json_script_escapes)
    return mark_safe(text)


def faq_page(items) -> SafeString:
    """A FAQPage of (question, answer) items (objects with ``question`` and ``answer``)."""
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item.question,
                    "acceptedAnswer": {"@type": "Answer", "text": item.answer},
                }
                for item in items
            ],
        }
    )
