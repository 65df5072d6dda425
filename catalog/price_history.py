"""When an offering's prices last changed, and by how much (from its PriceRecords)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from catalog.formatting import format_price
from catalog.models import Offering, PriceRecord


def price_changes() -> QuerySet:
    """Every change of a provider's price for a published model, newest first.

    A route's first record is where its history starts, not a change; each later record
    carries the prices of the one before it (``old_input``, ``old_output``). Slice it: one
    query, which walks the records newest first (index on the date) and looks up only their
    earlier records, so a page of changes costs the same among 100,000 records as among 100.
    """
    earlier = PriceRecord.objects.filter(offering=OuterRef("offering")).filter(
        Q(effective_on__lt=OuterRef("effective_on"))
        | Q(effective_on=OuterRef("effective_on"), recorded_at__lt=OuterRef("recorded_at"))
    )
    before = earlier.order_by("-effective_on", "-recorded_at")
    return (
        PriceRecord.objects.filter(
            Exists(earlier),
            offering__in=Offering.objects.accepted(),
            offering__model__is_published=True,
        )
        .select_related("offering__model", "offering__provider")
        .annotate(
            old_input=Subquery(before.values("input_usd_per_mtok")[:1]),
            old_output=Subquery(before.values("output_usd_per_mtok")[:1]),
        )
        .order_by("-effective_on", "-recorded_at", "-pk")
    )


@dataclass(frozen=True)
class PriceChange:
    """The latest change of a route's prices: when, and by how much."""

    changed_on: dt.date
    input_before: Decimal | None
    input_after: Decimal | None
    output_before: Decimal | None
    output_after: Decimal | None

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
