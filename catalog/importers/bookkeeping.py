"""The one rule for what an editor owns, shared by the bundled loader and every import.

An Imported row's ``imported_values`` maps each key (a field name, or a child's key such as
"capabilities.vision" or "benchmarks.swe-bench-pro.<setting>") to the value the last load or
import set, and its "@by" entry maps the key to the source that set it. ``locked_fields``
lists keys (or key prefixes such as "capabilities") no loader may change. The rules are in
README.md beside this module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from catalog.models import ReviewStatus
from catalog.serialisation import decimal_string

MISSING = object()
EMPTY = (None, "", [], {})
BY = "@by"  # the key of imported_values naming which source set each value
BUNDLED = "bundled"  # the bundled catalogue: the one source that overrules imports
EDITOR = "editor"  # an editor accepted a proposed value: it is theirs, no source overrules it


def canonical(value: Any) -> Any:
    """A JSON-able form of a field value, equal for equal values (Decimal 1.0 == 1)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return decimal_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return value


def decide(*, current: Any, new: Any, previous: Any, owner: str, source: str, locked: bool) -> str:
    """What a load or import from ``source`` does with one value (all values canonical).

    ``previous`` is what the last load/import set (MISSING if none did) and ``owner`` the
    source that set it. "same": nothing to do. "adopt": the value already matches;
    remember it. "set": write the new value. "locked": an editor locked the key.
    "edited": an editor changed the value since the last load/import set it (or set it
    before any did): keep it. "outranked": the value was set by another source that this
    one does not overrule (an import never overrules the bundled catalogue or another
    import), or an editor accepted it from a proposal (``owner`` EDITOR): no source
    overrules that, not even the bundled catalogue. "ignore": the source has no value for
    a key it never set.
    """
    if current == new:
        if new is None:
            return "same"
        return "same" if previous == new else "adopt"
    if locked:
        return "locked"
    if previous is MISSING:
        if new is None:
            return "ignore"
        return "set" if current in EMPTY else "edited"
    if current != previous or owner == EDITOR:
        return "edited"
    return "set" if owner == source or source == BUNDLED else "outranked"


class Bookkeeping:
    """The editor rule over one Imported row's bookkeeping, for one source."""

    def __init__(self, row: models.Model, source: str):
        self.row = row
        self.source = source
        self.values = dict(row.imported_values or {})
        self.owners = dict(self.values.pop(BY, {}) or {})
        self.locked = set(row.locked_fields or ())
        self.dirty = False

    def is_locked(self, key: str) -> bool:
        parts = key.split(".")
        return any(".".join(parts[:n]) in self.locked for n in range(1, len(parts) + 1))

    def decide(self, key: str, current: Any, new: Any) -> str:
        decision = decide(
            current=canonical(current),
            new=canonical(new),
            previous=self.values.get(key, MISSING),
            owner=self.owners.get(key, ""),
            source=self.source,
            locked=self.is_locked(key),
        )
        if decision in ("adopt", "set"):
            self.remember(key, new)
        return decision

    def snapshot(self, key: str) -> tuple[Any, Any]:
        return self.values.get(key, MISSING), self.owners.get(key, MISSING)

    def restore(self, key: str, snapshot: tuple[Any, Any]) -> None:
        for store, value in zip((self.values, self.owners), snapshot, strict=True):
            if value is MISSING:
                store.pop(key, None)
            else:
                store[key] = value

    def remember(self, key: str, value: Any) -> None:
        value = canonical(value)
        if self.values.get(key, MISSING) != value or self.owners.get(key) != self.source:
            self.values[key] = value
            self.owners[key] = self.source
            self.dirty = True

    def save_to_row(self) -> bool:
        """Write the bookkeeping back to the row; True if it changed."""
        if not self.dirty:
            return False
        self.row.imported_values = {**self.values, BY: self.owners}
        self.dirty = False
        return True


def carry(key: str, *, from_row: models.Model, to_row: models.Model) -> bool:
    """Move the record of ``key`` (its value and which source set it) from one row's
    bookkeeping to another's, as a merge moves the figure; a record the target already has
    is kept. True if ``to_row.imported_values`` changed (the caller saves it)."""
    theirs, mine = Bookkeeping(from_row, ""), Bookkeeping(to_row, "")
    if key not in theirs.values or key in mine.values:
        return False
    mine.values[key] = theirs.values[key]
    if key in theirs.owners:
        mine.owners[key] = theirs.owners[key]
    mine.dirty = True
    return mine.save_to_row()


def is_pending(obj: models.Model) -> bool:
    """A row no editor has reviewed yet (an import brought it)."""
    return obj.pk is None or getattr(obj, "review_status", None) == ReviewStatus.PENDING
