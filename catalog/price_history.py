"""A price change, defined once.

A route's price history is its PriceRecords, ordered by ``effective_on`` then
``recorded_at`` (Offering.save() writes one whenever any of its prices changes). A *price
change* is a record whose input or output price (the two figures every page, feed and chart
shows) differs from the route's previous record, an unknown price counting as a value of its
own ("unknown → $1.00" is a change). A route's first record starts its history and is no
change; a record that changed only the cached-input, cache-write or batch figures stays in
the history (the route's chart and table, the exports) but is not a price change.

``price_changes()`` finds them in SQL for every route (home page, feeds) and
``last_price_change()`` in Python for one route's prefetched records (model pages,
/pricing/); both read the rule from ``is_price_change`` / ``_changed_sql``, and
``PriceChange`` is how a change reads ("input $1.00 → $0.80").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from catalog.formatting import format_price
from catalog.models import Offering, PriceRecord

CHANGED_PRICES = ("input_usd_per_mtok", "output_usd_per_mtok")


def is_price_change(older: PriceRecord, newer: PriceRecord) -> bool:
    """Whether ``newer`` changed the input or output price of ``older``, its predecessor."""
    return any(getattr(older, field) != getattr(newer, field) for field in CHANGED_PRICES)


def _changed_sql():
    """The prices ``is_price_change`` compares, as one text value ("1.0000/5.0000", an
    unknown price as ""), so a single comparison with the previous record's decides."""
    parts = []
    for field in CHANGED_PRICES:
        text = Coalesce(Cast(F(field), TextField()), Value(""), output_field=TextField())
        parts += [text, Value("/", output_field=TextField())]
    return Concat(*parts[:-1], output_field=TextField())


def price_changes() -> QuerySet:
    """Every price change of a route of a published model, newest first; each carries the
    prices of the record before it (``old_input``, ``old_output``).

    Slice it: one query, which walks the records newest first (index on the date) and looks
    up only their earlier records, so a page of changes costs the same among 100,000
    records as among 100.
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
            old_prices=Subquery(before.annotate(prices=_changed_sql()).values("prices")[:1]),
        )
        .exclude(old_prices=_changed_sql())
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

    @classmethod
    def between(cls, older: PriceRecord, newer: PriceRecord) -> PriceChange:
        return cls(
            changed_on=newer.effective_on,
            input_before=older.input_usd_per_mtok,
            input_after=newer.input_usd_per_mtok,
            output_before=older.output_usd_per_mtok,
            output_after=newer.output_usd_per_mtok,
        )

    @classmethod
    def of(cls, record: PriceRecord) -> PriceChange:
        """The change a row of ``price_changes()`` records."""
        return cls(
            changed_on=record.effective_on,
            input_before=record.old_input,
            input_after=record.input_usd_per_mtok,
            output_before=record.old_output,
            output_after=record.output_usd_per_mtok,
        )

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
        if is_price_change(older, newer):
            return PriceChange.between(older, newer)
    return None
