"""How values are written in every exported file, the bundled catalogue's and the open data's:
decimals as plain strings, dates in ISO form, JSON with sorted keys."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any


def decimal_string(value: Decimal | None) -> str | None:
    """A decimal as a plain string without trailing zeros: 0.800000 -> "0.8", 100 -> "100"."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def dump_json(data: Any) -> str:
    """The one formatting of every exported file: sorted keys, two-space indent, UTF-8."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
