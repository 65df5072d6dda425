"""How figures read on every page: one vocabulary, used by the template filters in
``catalog.templatetags.figures`` and by the sentences the analysis writes.

- Dates: "22 Oct 2024" (a month alone: "Feb 2025").
- Money (monthly amounts): by magnitude, cents under $100 ("$99.99"), whole dollars from $100
  ("$1,218"), and never mixed where amounts are read together: a table, a set of cost cards
  or a sentence comparing amounts takes one precision for all of them (``money_precision``,
  ``money_formatter``): cents only when every amount is under $100, so $18.26 next to $244
  reads "$18" and "$244", never "$18.26" beside "$244".
- Prices per 1M tokens: the precision the source gives, at least cents ("$0.80", "$0.075",
  "$4.00"), never rounded to zero.
- Scores: at their benchmark's precision (``Benchmark.score_decimals``).
- Token counts: "200K", "1.05M" (the exact figure goes in a title: see the ``tokens`` filter).
- Unknown is "unknown" inside a sentence, never 0 or "No". As a figure of its own (a table
  cell) it is a value, ``Unknown`` (``UNKNOWN_FIGURE``, or a phrase such as "no price
  listed"), which templates show through the ``figure`` filter: "Unknown" in the
  ``unknown`` style, never "No", 0 or a bare "—".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

UNKNOWN = "unknown"
CENTS: Literal["cents"] = "cents"
DOLLARS: Literal["dollars"] = "dollars"
Precision = Literal["cents", "dollars"]
CENT = Decimal("0.01")
WHOLE_DOLLARS_FROM = Decimal(100)


class Unknown(str):
    """A figure nobody has sourced, as a value. It reads as its text ("Unknown" unless a
    phrase is given) and ``known`` is False; known figures are plain text."""

    known = False

    def __new__(cls, text: str = "Unknown"):
        return super().__new__(cls, text)


UNKNOWN_FIGURE = Unknown()


def is_known(value) -> bool:
    """False for a value nobody sourced: None, "" or an ``Unknown``."""
    return not (value is None or value == "" or isinstance(value, Unknown))


def figure(value, formatter: Callable[..., str] = str) -> str:
    """``formatter(value)`` for a table cell, or ``UNKNOWN_FIGURE`` when the value is unknown."""
    return formatter(value) if is_known(value) else UNKNOWN_FIGURE


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _strip(number: Decimal) -> str:
    return format(number.normalize(), "f")


def format_date(value: dt.date | str | None) -> str:
    """date(2024, 10, 22) -> "22 Oct 2024"; "2025-02" -> "Feb 2025"; "2024" -> "2024".

    Partial ISO strings (knowledge cutoffs) keep their precision; other text passes through.
    """
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = str(value).strip().split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        return str(value)
    try:
        if len(parts) == 3:
            return format_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2 and 1 <= int(parts[1]) <= 12:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except ValueError:
        return str(value)
    return parts[0] if len(parts) == 1 else str(value)


def format_tokens(tokens: int | None) -> str:
    """200000 -> "200K", 1048576 -> "1.05M", 999999 -> "1M"; None -> "unknown"."""
    if tokens is None:
        return UNKNOWN
    thousands = (Decimal(tokens) / 1000).quantize(Decimal(1), ROUND_HALF_UP)
    if tokens >= 1_000_000 or thousands >= 1000:
        millions = (Decimal(tokens) / 1_000_000).quantize(CENT, ROUND_HALF_UP)
        return f"{_strip(millions)}M"
    if tokens >= 1_000:
        return f"{thousands}K"
    return str(tokens)


def format_exact_tokens(tokens: int | None) -> str:
    """The exact count with thousands separators: 1,048,576 tokens."""
    if tokens is None:
        return UNKNOWN
    return f"{tokens:,} token{'s' if tokens != 1 else ''}"


def format_price(usd_per_mtok: Decimal | None) -> str:
    """A price per 1M tokens as the source gives it, at least to the cent.

    4 -> "$4.00", 0.8 -> "$0.80", 0.075 -> "$0.075", 1250.5 -> "$1,250.50"; None -> "unknown".
    """
    if usd_per_mtok is None:
        return UNKNOWN
    sign = "-" if usd_per_mtok < 0 else ""
    whole, _, fraction = _strip(abs(usd_per_mtok)).partition(".")
    return f"{sign}${int(whole):,}.{fraction.ljust(2, '0')}"


def money_precision(amounts: Iterable[Decimal | None]) -> Precision:
    """The one precision a table of amounts uses: cents when every known amount is under $100
    (after rounding to the cent), else whole dollars."""
    known = [abs(amount).quantize(CENT, ROUND_HALF_UP) for amount in amounts if amount is not None]
    return DOLLARS if any(amount >= WHOLE_DOLLARS_FROM for amount in known) else CENTS


def format_money(usd: Decimal | None, precision: Precision | None = None) -> str:
    """A monthly amount, by magnitude unless ``precision`` is given (one table, one precision).

    12.345 -> "$12.35"; 99.995 -> "$100"; 1640 -> "$1,640". In whole dollars, an amount above
    zero that would round to $0 reads "<$1" (not free).
    """
    if usd is None:
        return UNKNOWN
    if precision is None:
        precision = money_precision([usd])
    sign = "-" if usd < 0 else ""
    amount = abs(usd)
    if precision == CENTS:
        return f"{sign}${amount.quantize(CENT, ROUND_HALF_UP):,}"
    dollars = amount.quantize(Decimal(1), ROUND_HALF_UP)
    if dollars == 0 and amount > 0:
        return f"{sign}<$1"
    return f"{sign}${dollars:,}"


def money_formatter(amounts: Iterable[Decimal | None]) -> Callable[[Decimal | None], str]:
    """``format_money`` at the one precision of ``amounts``, for everything read with them
    (their cells, their differences, the sentences and chart axes that quote them)."""
    precision = money_precision(amounts)
    return lambda usd: format_money(usd, precision)


def format_parameters(total_b: Decimal | None, active_b: Decimal | None = None) -> str:
    if total_b is None:
        return UNKNOWN
    text = f"{_strip(total_b)}B"
    if active_b is not None and active_b != total_b:
        text += f" ({_strip(active_b)}B active)"
    return text


def format_score(score: Decimal | None, decimals: int | None = None) -> str:
    """A score to its benchmark's number of decimals: 80 at 1 -> "80.0", 39.45 at 2 -> "39.45".

    Without ``decimals`` (a ratio or a gap, not a benchmark's score): to one decimal at most,
    trailing zeros dropped: 2.0 -> "2", 0.64 -> "0.6".
    """
    if score is None:
        return UNKNOWN
    if decimals is None:
        return _strip(Decimal(score).quantize(Decimal("0.1"), ROUND_HALF_UP))
    step = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    return f"{Decimal(score).quantize(step, ROUND_HALF_UP):,}"


def join_names(names) -> str:
    """["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b, and c"."""
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])}, and {names[-1]}"


def format_setting(label: str, detail: str = "") -> str:
    """A benchmark result's setting: "Standard", "Extended thinking (64K thinking tokens)"."""
    return f"{label} ({detail})" if detail else label


def format_day(day: dt.date) -> str:
    """22 Oct 2025."""
    return f"{day.day} {day:%b %Y}"


def format_last_listed(
    input_usd_per_mtok: Decimal | None,
    output_usd_per_mtok: Decimal | None,
    provider_name: str = "",
    *,
    retired_on: dt.date | None = None,
) -> str:
    """What a retired model shows instead of a current price:
    "last listed $3 / $15 (Anthropic API), retired 22 Oct 2025"."""
    retired = f"retired {format_day(retired_on)}" if retired_on else "retired"
    if input_usd_per_mtok is None or output_usd_per_mtok is None:
        return f"{retired}; no last listed price is sourced"
    where = f" ({provider_name})" if provider_name else ""
    return (
        f"last listed {format_price(input_usd_per_mtok)} / "
        f"{format_price(output_usd_per_mtok)}{where}, {retired}"
    )
