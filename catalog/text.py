"""Text from visitors, editors and imports: no control characters in, none out.

Control characters (C0 and C1, DEL, the Unicode non-characters U+FFFE/U+FFFF) have no place
in a name, a summary or a URL: PostgreSQL refuses NUL outright, and XML 1.0 (feeds,
sitemaps) cannot carry most of the others. Forms and imports refuse them with a message
(``refuse_control_characters``); what is already stored is stripped on the way out
(``without_control_characters``). Tab, line feed and carriage return are ordinary text.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_characters(text: str) -> list[str]:
    """The distinct control characters in ``text``, as "U+000B", in order of appearance."""
    return list(dict.fromkeys(f"U+{ord(char):04X}" for char in CONTROL_CHARACTERS.findall(text)))


def refuse_control_characters(value: Any) -> None:
    """A form and model validator: text with a control character is refused, named."""
    if isinstance(value, str) and (found := control_characters(value)):
        raise ValidationError(
            "Remove the control character(s) %(characters)s: they are invisible and "
            "cannot be stored or published.",
            code="control_characters",
            params={"characters": ", ".join(found)},
        )


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


def strings_with_control_characters(data: Any, path: str = "") -> list[str]:
    """Where, in parsed JSON ``data``, a key or string holds a control character.

    Each place as a JSON path ("models[3].summary") with the characters found.
    """
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            place = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and control_characters(key):
                found.append(f"{place} (key): {', '.join(control_characters(key))}")
            found.extend(strings_with_control_characters(value, place))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(strings_with_control_characters(value, f"{path}[{index}]"))
    elif isinstance(data, str) and control_characters(data):
        found.append(f"{path or 'the file'}: {', '.join(control_characters(data))}")
    return found
