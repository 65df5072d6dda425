"""A price change, defined once.

A route's price history is its PriceRecords in ``HISTORY_ORDER`` (``effective_on``, then
``recorded_at``, then id; Offering.save() writes one whenever any of its prices changes). A
*price change* is a record whose input or output price (the two figures every page, feed and
chart shows) differs from the route's previous record, an unknown price counting as a value
of its own ("unknown → $1.00" is a change). A route's first record starts its history and is
no change; a record that changed only the cached-input, cache-write or batch figures stays in
the history (the route's chart and table, the exports) but is not a price change.

``is_price_change`` is that rule, and the only place it is written. Each record stores its
answer (``PriceRecord.changes_price``), written by ``refresh_price_changes`` for the routes a
transaction wrote records of (at commit, through ``catalog.version``'s pending change, and
before ``price_changes()`` reads inside that transaction) and for every route on a bulk
write's ``bump_catalogue_version()``. ``price_changes()`` lists the flagged records for
every route (home page, feeds) off a partial index; ``last_price_change()`` applies the rule
to one route's prefetched records (model pages, /pricing/). ``PriceChange`` is how a change
reads ("input $1.00 → $0.80").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from catalog.formatting import format_price
from catalog.models import Offering, PriceRecord

CHANGED_PRICES = ("input_usd_per_mtok", "output_usd_per_mtok")
HISTORY_ORDER = ("effective_on", "recorded_at", "pk")


def is_price_change(older, newer) -> bool:
    """Whether ``newer`` changed the input or output price of ``older``, its predecessor
    (records, or rows with their ``CHANGED_PRICES``)."""
    return any(getattr(older, field) != getattr(newer, field) for field in CHANGED_PRICES)


def in_history_order(records: Iterable[PriceRecord]) -> list[PriceRecord]:
    """One route's records (or rows like them), oldest first; a missing stamp or id first."""
    return sorted(
        records,
        key=lambda r: (
            r.effective_on,
            r.recorded_at or dt.datetime.min,
            getattr(r, "pk", None) or 0,
        ),
    )


def refresh_price_changes(offering_ids: Iterable[int] | None = None) -> None:
    """Store ``is_price_change`` on every record of ``offering_ids`` (default: every route):
    one read of their prices, then one update per flag value that changes."""
    records = PriceRecord.objects.order_by("offering_id", *HISTORY_ORDER)
    if offering_ids is not None:
        records = records.filter(offering_id__in=list(offering_ids))
    rows = records.values_list("pk", "offering_id", *CHANGED_PRICES, "changes_price", named=True)
    flips: dict[bool, list[int]] = {True: [], False: []}
    previous = None
    for row in rows.iterator(chunk_size=5000):
        same_route = previous is not None and previous.offering_id == row.offering_id
        changes = same_route and is_price_change(previous, row)
        if changes != row.changes_price:
            flips[changes].append(row.pk)
        previous = row
    for value, ids in flips.items():
        if ids:
            PriceRecord.objects.filter(pk__in=ids).update(changes_price=value)


def note_record_write(sender, instance, raw: bool = False, **kwargs) -> None:
    """Receiver of post_save and post_delete of price records: their route's flags are
    refreshed at commit."""
    from catalog.version import price_records_changed

    if not raw:
        price_records_changed([instance.offering_id])


def price_changes() -> QuerySet:
    """Every price change of a route of a published model, newest first; each carries the
    prices of the record before it (``old_input``, ``old_output``).

    Slice it: one query, which walks the flagged records newest first (a partial index) and
    looks up only their earlier records, so a page of changes costs the same among 100,000
    records as among 100.
    """
    from catalog.version import refresh_pending_price_changes

    refresh_pending_price_changes()
    date, stamp, pk = (OuterRef(field) for field in HISTORY_ORDER)
    before = (
        PriceRecord.objects.filter(offering=OuterRef("offering"))
        .filter(
            Q(effective_on__lt=date)
            | Q(effective_on=date, recorded_at__lt=stamp)
            | Q(effective_on=date, recorded_at=stamp, pk__lt=pk)
        )
        .order_by(*(f"-{field}" for field in HISTORY_ORDER))
    )
    return (
        PriceRecord.objects.filter(
            changes_price=True,
            offering__in=Offering.objects.accepted(),
            offering__model__is_published=True,
        )
        .select_related("offering__model", "offering__provider")
        .annotate(
            old_input=Subquery(before.values("input_usd_per_mtok")[:1]),
            old_output=Subquery(before.values("output_usd_per_mtok")[:1]),
        )
        .order_by(*(f"-{field}" for field in HISTORY_ORDER))
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
    ordered = in_history_order(records)
    for newer_index in range(len(ordered) - 1, 0, -1):
        newer, older = ordered[newer_index], ordered[newer_index - 1]
        if is_price_change(older, newer):
            return PriceChange.between(older, newer)
    return None
