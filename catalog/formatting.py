"""How figures read on the pages: tokens as 200k, prices as $0.80, unknown as unknown."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "unknown"


def _strip(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def format_tokens(tokens: int | None) -> str:
    """200000 -> "200k", 1048576 -> "1.05M"; None -> "unknown"."""
    if tokens is None:
        return UNKNOWN
    if tokens >= 1_000_000:
        millions = (Decimal(tokens) / 1_000_000).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{_strip(millions)}M"
    if tokens >= 1_000:
        return f"{(Decimal(tokens) / 1000).quantize(Decimal(1), ROUND_HALF_UP)}k"
    return str(tokens)


def format_price(usd_per_mtok: Decimal | None) -> str:
    """A price per 1M tokens: $4, $0.80, $0.075; None -> "unknown"."""
    if usd_per_mtok is None:
        return UNKNOWN
    if usd_per_mtok == usd_per_mtok.to_integral_value():
        return f"${usd_per_mtok.to_integral_value():,}"
    text = _strip(usd_per_mtok)
    whole, _, fraction = text.partition(".")
    return f"${int(whole):,}.{fraction.ljust(2, '0')}"


def format_money(usd: Decimal | None) -> str:
    """A monthly amount: $1,640 from a thousand dollars up, else to the cent."""
    if usd is None:
        return UNKNOWN
    sign = "-" if usd < 0 else ""
    usd = abs(usd)
    if usd >= 1000:
        return f"{sign}${usd.quantize(Decimal(1), ROUND_HALF_UP):,}"
    return f"{sign}${usd.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def format_parameters(total_b: Decimal | None, active_b: Decimal | None = None) -> str:
    if total_b is None:
        return UNKNOWN
    text = f"{_strip(total_b)}B"
    if active_b is not None and active_b != total_b:
        text += f" ({_strip(active_b)}B active)"
    return text


def format_score(score: Decimal) -> str:
    return _strip(score.quantize(Decimal("0.1"), ROUND_HALF_UP))


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
