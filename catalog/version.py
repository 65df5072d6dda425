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

What each model stores from other rows (its search columns, ``catalog.search``; its route
summary, ``catalog.route_summary``) is rewritten in the same step: signals note the models
a transaction touched and the bump first refreshes those; bulk paths refresh every model.
The stamp also carries the earliest date a stored route summary stops holding, so readers
know from the read they make anyway whether they may use every stored summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

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
    # The earliest date a model's stored route summary stops holding (None: no models).
    routes_hold_until: dt.date | None = None


@cache
def _routes_until_sql() -> str:
    """The least ``route_summary_until`` (a column without nulls), its index's first entry,
    as a scalar subquery (null without models). Written as ORDER BY/LIMIT rather than
    min(), which PostgreSQL plans more slowly: planning is most of this read's server time
    (the stamp: ~50 against ~85 µs)."""
    from catalog.models import LanguageModel

    table = connection.ops.quote_name(LanguageModel._meta.db_table)
    return f"(SELECT route_summary_until FROM {table} ORDER BY route_summary_until LIMIT 1)"


@cache
def _version_sql() -> str:
    """The stamp: one row even where the version row is missing (it reads as zero)."""
    from catalog.models import CatalogueVersion

    table = connection.ops.quote_name(CatalogueVersion._meta.db_table)
    return (
        f"SELECT (SELECT number FROM {table} WHERE id = 1), "
        f"(SELECT changed_at FROM {table} WHERE id = 1), {_routes_until_sql()}"
    )


def current_version() -> Stamp:
    """The stamp as committed now (one query, every request's: ``modelref.pagecache``)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        number, changed_at, until = cursor.fetchone()
    return Stamp(number or 0, changed_at, until)


@dataclass
class _Request:
    """What one request has read of the catalogue: the stamp, when it read one."""

    routes_hold_until: dt.date | type[Ellipsis] | None = ...  # ...: not read yet
    stamp: Stamp | None = None


_served: ContextVar[_Request | None] = ContextVar("catalogue_request", default=None)


@contextmanager
def serving(stamp: Stamp | None = None) -> Iterator[None]:
    """Within one request (that read ``stamp``, if given): readers reuse what it read, so
    the request reads the earliest route-summary date at most once (none after the stamp)."""
    token = _served.set(_Request() if stamp is None else _Request(stamp.routes_hold_until, stamp))
    try:
        yield
    finally:
        _served.reset(token)


def served_version() -> Stamp:
    """The stamp the request read (``modelref.pagecache``), or the one committed now."""
    request = _served.get()
    if request is not None and request.stamp is not None:
        return request.stamp
    return current_version()


def routes_hold_until() -> dt.date | None:
    """The earliest date a stored route summary stops holding, as the request read it (or
    reads it now); outside a request, read now."""
    request = _served.get()
    if request is not None and request.routes_hold_until is not ...:
        return request.routes_hold_until
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_routes_until_sql()}")
        until = cursor.fetchone()[0]
    if request is not None:
        request.routes_hold_until = until
    return until


def _bump_now() -> None:
    from catalog.models import CatalogueVersion

    bumped = CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=Now())
    if not bumped:
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 1})


class _PendingChange:
    """What a transaction's writes leave to do once it commits, shared by all of them: the
    first callback to run refreshes the search columns and route summaries of the models
    they touched, then bumps the version, in one transaction (so no page of the new version
    can show an old search column or route summary)."""

    def __init__(self):
        self.done = False
        self.search_ids: set[int] = set()
        self.route_ids: set[int] = set()
        self.price_offering_ids: set[int] = set()  # routes whose price records were written
        self.route_notes = 0  # how many writes noted routes: a read refreshes after a new one
        self.routes_fresh_at: tuple | None = None

    def refresh_search(self) -> None:
        if self.search_ids:
            from catalog.search import refresh_search_index

            refresh_search_index(self.search_ids)

    def refresh_routes(self) -> dt.date | None:
        """Refresh the noted models' route summaries: the earliest date one stops holding."""
        from catalog.route_summary import refresh_route_summaries

        return refresh_route_summaries(self.route_ids)

    def refresh_price_changes(self) -> None:
        if self.price_offering_ids:
            from catalog.price_history import refresh_price_changes

            refresh_price_changes(self.price_offering_ids)

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            with transaction.atomic():
                self.refresh_search()
                self.refresh_price_changes()
                if self.route_ids:
                    self.refresh_routes()
                _bump_now()


def _on_commit(
    search_ids: Iterable[int] = (),
    route_ids: Iterable[int] = (),
    price_offering_ids: Iterable[int] = (),
) -> _PendingChange:
    pending = getattr(connection, "catalogue_change", None)
    if pending is None or pending.done:
        pending = connection.catalogue_change = _PendingChange()
    pending.search_ids.update(search_ids)
    pending.route_ids.update(route_ids)
    pending.price_offering_ids.update(price_offering_ids)
    transaction.on_commit(pending, robust=True)
    return pending


def search_changed(model_ids: Iterable[int]) -> None:
    """The search columns of these models are out of date: refresh them once, at commit."""
    _on_commit(search_ids=model_ids)


def routes_changed(model_ids: Iterable[int]) -> None:
    """The route summaries of these models are out of date: refresh them once, at commit."""
    _on_commit(route_ids=model_ids).route_notes += 1


def price_records_changed(offering_ids: Iterable[int]) -> None:
    """These routes' price records were written: store which are price changes at commit."""
    _on_commit(price_offering_ids=offering_ids)


def refresh_pending_price_changes() -> None:
    """Store now which records of the routes the open transaction wrote are price changes,
    so its own reads see them (again at each read: a savepoint rolled back since may have
    undone the last refresh). Only inside a transaction: a page view is not in one."""
    pending = getattr(connection, "catalogue_change", None)
    if connection.in_atomic_block and pending is not None and not pending.done:
        pending.refresh_price_changes()


def refresh_pending_routes() -> None:
    """Refresh now the route summaries the open transaction's writes made stale, so its own
    reads see them. Only inside a transaction (a page view is not in one), and again after
    a new write or a savepoint opened or closed (one rolled back may have undone the last
    refresh). The served request's stamp then learns the new earliest date."""
    pending = getattr(connection, "catalogue_change", None)
    if not connection.in_atomic_block or pending is None or pending.done:
        return
    at = (tuple(connection.savepoint_ids), pending.route_notes)
    if not pending.route_ids or pending.routes_fresh_at == at:
        return
    until = pending.refresh_routes()
    pending.routes_fresh_at = at
    if (request := _served.get()) is not None:
        request.routes_hold_until = until


def refresh_pending_search() -> None:
    """Refresh now what the open transaction changed, so its own searches see its writes.

    Only inside a transaction (a page view is not in one: it never writes), and again at
    each search of it (a savepoint rolled back since may have undone the last refresh).
    """
    pending = getattr(connection, "catalogue_change", None)
    if connection.in_atomic_block and pending is not None and not pending.done:
        pending.refresh_search()


def bump_catalogue_version(*, model_columns: bool = True) -> None:
    """Mark the catalogue changed once the current transaction commits (at once outside one).

    Call it after writes that send no signals (bulk_create, bulk_update, QuerySet.update).
    It first rewrites what every model stores from other rows (search columns, route
    summary) and which price records are price changes, in the transaction, unless the
    writes cannot have touched a name, slug, alias, route, price, lifecycle, provider, lab
    or family (``model_columns=False``).
    Several calls in one transaction bump once; a rolled-back transaction bumps nothing.
    """
    if model_columns:
        from catalog.price_history import refresh_price_changes
        from catalog.route_summary import refresh_route_summaries
        from catalog.search import refresh_search_index

        refresh_search_index()
        refresh_route_summaries()
        refresh_price_changes()
    _on_commit()


def watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in NOT_PUBLISHED


def bump_on_write(sender, raw: bool = False, action: str = "post_", **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed (its post_* actions)."""
    if raw or not action.startswith("post_") or not watched(sender):
        return  # raw: loaddata fixtures, whose command bumps at its end
    _on_commit()
