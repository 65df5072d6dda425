"""When an offering's prices last changed, and by how much (from its PriceRecords)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from catalog.formatting import format_price
from catalog.models import PriceRecord


@dataclass(frozen=True)
class PriceChange:
    """The latest change of a route's prices: when, and by how much."""

    changed_on: dt.date
    input_before: Decimal | None
    input_after: Decimal | None
    output_before: Decimal | None
    output_after: Decimal | None

    @staticmethod
    def _delta(before, after) -> Decimal | None:
        if before is None or after is None:
            return None
        return after - before

    @property
    def input_delta(self) -> Decimal | None:
        return self._delta(self.input_before, self.input_after)

    @property
    def output_delta(self) -> Decimal | None:
        return self._delta(self.output_before, self.output_after)

    @property
    def summary(self) -> str:
        parts = []
        for label, before, after in (
            ("input", self.input_before, self.input_after),
            ("output", self.output_before, self.output_after),
        ):
            if before != after:
                parts.append(f"{label} {format_price(before)} → {format_price(after)}")
        return ", ".join(parts) or "prices unchanged"


def last_price_change(records: list[PriceRecord]) -> PriceChange | None:
    """From a route's price records (any order), its latest change; None if never changed."""
    ordered = sorted(records, key=lambda r: (r.effective_on, r.recorded_at or dt.datetime.min))
    for newer_index in range(len(ordered) - 1, 0, -1):
        newer, older = ordered[newer_index], ordered[newer_index - 1]
        if (newer.input_usd_per_mtok, newer.output_usd_per_mtok) != (
            older.input_usd_per_mtok,
            older.output_usd_per_mtok,
        ):
            return PriceChange(
                changed_on=newer.effective_on,
                input_before=older.input_usd_per_mtok,
                input_after=newer.input_usd_per_mtok,
                output_before=older.output_usd_per_mtok,
                output_after=newer.output_usd_per_mtok,
            )
    return None
