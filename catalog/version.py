"""The catalogue version: one number that every catalogue write bumps.

Every page, feed and open-data response is derived from the catalogue, so its ETag,
Last-Modified and server-side cache key come from this one stamp (one primary-key read per
request) instead of from the data itself.

Writes bump it after their transaction commits (``transaction.on_commit``), once per
transaction however many rows it wrote:

- ``save()``/``delete()`` and many-to-many changes of every catalogue and comparison model
  bump it through signals (connected in ``CatalogConfig.ready``);
- bulk paths that send no signals (``bulk_create``, ``bulk_update``, ``QuerySet.update``)
  call :func:`bump_catalogue_version` themselves: the import engine after applying a plan,
  every load/import command at its end, admin actions that update in bulk.

Bumping after the commit means no reader can see the new number before the new data: a
page rendered from old data is stored under the old number, which nobody asks for again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Now

# Rows of these models are not shown on public pages (or have their own refresh rule:
# popular comparisons bump the version when the list they show changes).
NOT_PUBLISHED = {
    "catalog.catalogueversion",
    "catalog.importrun",
    "catalog.correctionreport",
    "comparisons.comparisonvisit",
    "comparisons.comparisonviewer",
}
WATCHED_APPS = ("catalog", "comparisons")


@dataclass(frozen=True)
class Stamp:
    number: int
    changed_at: dt.datetime | None


def current_version() -> Stamp:
    """The stamp as committed now (one query)."""
    from catalog.models import CatalogueVersion

    table = connection.ops.quote_name(CatalogueVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return Stamp(*row) if row else Stamp(0, None)


def _bump_now() -> None:
    from catalog.models import CatalogueVersion

    bumped = CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=Now())
    if not bumped:
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 1})


class _PendingChange:
    """What a transaction's writes leave to do once it commits, shared by all of them: the
    first callback to run refreshes the search columns of the models they touched, then
    bumps the version (so no page of the new version can show an old search column)."""

    def __init__(self):
        self.done = False
        self.search_ids: set[int] = set()

    def refresh_search(self) -> None:
        if self.search_ids:
            from catalog.search import refresh_search_index

            refresh_search_index(self.search_ids)

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            self.refresh_search()
            _bump_now()


def _on_commit(search_ids: Iterable[int] = ()) -> None:
    pending = getattr(connection, "catalogue_change", None)
    if pending is None or pending.done:
        pending = connection.catalogue_change = _PendingChange()
    pending.search_ids.update(search_ids)
    transaction.on_commit(pending, robust=True)


def search_changed(model_ids: Iterable[int]) -> None:
    """The search columns of these models are out of date: refresh them once, at commit."""
    _on_commit(model_ids)


def refresh_pending_search() -> None:
    """Refresh now what the open transaction changed, so its own searches see its writes.

    Only inside a transaction (a page view is not in one: it never writes), and again at
    each search of it (a savepoint rolled back since may have undone the last refresh).
    """
    pending = getattr(connection, "catalogue_change", None)
    if connection.in_atomic_block and pending is not None and not pending.done:
        pending.refresh_search()


def bump_catalogue_version(*, search_index: bool = True) -> None:
    """Mark the catalogue changed once the current transaction commits (at once outside one).

    Call it after writes that send no signals (bulk_create, bulk_update, QuerySet.update).
    It first rewrites every model's search columns, in the transaction, unless the writes
    cannot have touched a name, slug, alias, route, lab or family (``search_index=False``).
    Several calls in one transaction bump once; a rolled-back transaction bumps nothing.
    """
    if search_index:
        from catalog.search import refresh_search_index

        refresh_search_index()
    _on_commit()


def watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in NOT_PUBLISHED


def bump_on_write(sender, raw: bool = False, action: str = "post_", **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed (its post_* actions)."""
    if raw or not action.startswith("post_") or not watched(sender):
        return  # raw: loaddata fixtures, whose command bumps at its end
    _on_commit()
