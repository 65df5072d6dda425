"""Parsing and validating values read from a source: one bad value raises FileProblem,
naming the field, and the importer skips that file or entry."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from catalog.models import MAX_PRICE, MAX_TOKENS, PRICE_STEP


class FileProblem(Exception):
    """One file (or entry) of the source is malformed; it is reported and skipped."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


def parse_price(value: Any, field: str, *, per_token: bool = False) -> Decimal | None:
    """A non-negative price in USD per 1M tokens, to the ten decimals the columns hold.

    A price above zero never rounds to zero: one too small for the columns is refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise FileProblem(field, f"is not a number: {value!r}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FileProblem(field, f"is not a number: {value!r}.") from None
    if not number.is_finite():
        raise FileProblem(field, f"is not a number: {value!r}.")
    if number < 0:
        raise FileProblem(field, f"is negative: {value!r}.")
    if per_token:
        number *= 1_000_000
    if number > MAX_PRICE:
        raise FileProblem(field, f"is too large for a price: {value!r}.")
    stored = number.quantize(PRICE_STEP)
    if number and not stored:
        raise FileProblem(field, f"is too small for the catalogue's precision: {value!r}.")
    return stored


def parse_tokens(value: Any, field: str) -> int | None:
    """A positive token count; 0 means unknown (the source's convention), so None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FileProblem(field, f"is not a whole number of tokens: {value!r}.")
    if value < 0:
        raise FileProblem(field, f"is negative: {value!r}.")
    if value > MAX_TOKENS:
        raise FileProblem(field, f"is too large: {value!r}.")
    return value or None


def parse_date(value: Any, field: str) -> dt.date | None:
    """An ISO date; a month alone ("2025-10") is not a date, so unknown (None)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}", value.strip()):
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FileProblem(field, f"is not a date (YYYY-MM-DD): {value!r}.")


def parse_text(value: Any, field: str, *, max_length: int, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            raise FileProblem(field, "is required.")
        return None
    if not isinstance(value, str):
        raise FileProblem(field, f"must be text: {value!r}.")
    if len(value) > max_length:
        raise FileProblem(field, f"is longer than {max_length} characters.")
    return value.strip()


def parse_bool(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise FileProblem(field, f"must be true or false: {value!r}.")


def url_or_blank(url: str | None) -> str:
    return url if url and len(url) <= 200 and url.startswith(("http://", "https://")) else ""


def table(data: dict, key: str) -> dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FileProblem(key, "must be a table.")
    return value


def benchmark_key(name: str) -> str:
    """Benchmark names meet case- and punctuation-insensitively."""
    return re.sub(r"[\W_]+", "", name.casefold())


def slug_from(text: str, *, max_length: int = 120) -> str:
    """A slug URLs can carry, from a source's folder name or id ("" when none can be made).

    Accents are folded to ASCII (other characters dropped), dots, spaces, slashes, colons,
    "@" and underscores become dashes ("wafer.ai" -> "wafer-ai"), "-vs-" (the comparison
    URLs' separator) becomes "-v-s-", and the result is cut to ``max_length``.
    """
    if not isinstance(text, str) or "\x00" in text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text[:1000]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[\s./:@_+]+", "-", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9-]+", "", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    while "-vs-" in slug:
        slug = slug.replace("-vs-", "-v-s-")
    return slug[:max_length].strip("-")
