"""Expensive test data built once per run: the bundled catalogue, then the models.dev
snapshot imported over it.

A layer is built in an open transaction on the test database and kept while the tests that
ask for it run (the ``bundled`` and ``imported`` fixtures). Each test's own transaction
(pytest-django's, as in Django's ``TestCase``) nests in it as a savepoint and rolls back, so
no test sees another's writes. A test that asks for fewer layers rolls the extra ones back
first, and ``order_by_layers`` runs the tests that ask for the same layers one after another,
so that each layer is built once. Tests that must commit (``transactional_db``,
``live_server``) run with no layer open: they load what they need themselves.

Each built layer is ANALYZEd in its transaction. Autovacuum never sees rows a transaction
has not committed, so without it the planner would take every table for empty and pick
plans that scan all offerings per model; as the tests' rolled-back writes pile up in the
never-committed layers, those plans made pages up to 10 times slower late in a run (the
sitemap crawl over the imported snapshot took 518 s in a full run, 78 s alone). It runs
before the layer's search and route-summary refreshes: by the time a layer is built, the
earlier tests' rolled-back rows have left autovacuum's statistics at "0 rows in N pages", and
planned on those, refreshing the bundled catalogue's route summaries took 205 s, not 0.05 s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

SNAPSHOT = Path(settings.MODELSDEV_PATH)  # ../shared/data/models.dev unless MODELSDEV_PATH says


def load_bundled():
    """The bundled catalogue (catalog/data): the loader's report."""
    from catalog.importers.bundled import load_catalogue

    return load_catalogue()


def import_snapshot():
    """The models.dev snapshot and its models.json over the bundled catalogue, as `make run`
    and both importers do it: the two import runs."""
    from catalog.importers.modelsdev import import_modelsdev
    from catalog.importers.openrouter import import_openrouter

    return import_modelsdev(SNAPSHOT), import_openrouter(SNAPSHOT / "models.json")


# Each layer is built on the ones before it; a fixture of the layer's name hands out its value.
LAYERS: list[tuple[str, Callable[[], object]]] = [
    ("bundled", load_bundled),
    ("imported", import_snapshot),
]
LAYER_NAMES = [name for name, _ in LAYERS]


def wanted_depth(fixturenames) -> int:
    """How many layers a test needs: up to the deepest layer fixture it uses."""
    used = [i + 1 for i, name in enumerate(LAYER_NAMES) if name in fixturenames]
    return max(used, default=0)


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = bool(marker) and any(
        marker.kwargs.get(key) for key in ("transaction", "reset_sequences")
    )
    return marked or bool({"transactional_db", "live_server"} & set(item.fixturenames))


def analyze() -> None:
    """Planner statistics of the project's tables as the open transaction sees them (ANALYZE
    counts its own transaction's uncommitted rows). Never a bare ANALYZE: it would lock the
    cluster's shared catalogues until the end of the run, and a second pytest-xdist worker's
    ANALYZE would wait for it for good."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, sorted(tables))))


@dataclass
class LayerStack:
    """The layers built so far, each in its own atomic block on the default connection."""

    open: list[tuple[transaction.Atomic, object]] = field(default_factory=list)

    def keep(self, depth: int) -> None:
        """Roll back the layers past ``depth``, then build the missing ones up to it."""
        from catalog.price_history import refresh_price_changes
        from catalog.route_summary import refresh_route_summaries
        from catalog.search import refresh_search_index

        if self.open and not connection.in_atomic_block:
            raise RuntimeError("the shared layers' transaction ended under them (a close?)")
        while len(self.open) > depth:
            atomic, _ = self.open.pop()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.catalogue_change = None  # search refreshes noted for rolled-back rows
        for _, build in LAYERS[len(self.open) : depth]:
            atomic = transaction.atomic()
            atomic.__enter__()
            self.open.append((atomic, build()))
            # Statistics first: the refreshes below read every model's routes, planned on them.
            analyze()
            # Every search column, route summary and price-change flag fresh now (as at the
            # build's commit), so each test's reads refresh only its own writes.
            refresh_search_index()
            refresh_route_summaries()
            refresh_price_changes()
            connection.catalogue_change = None

    def value(self, name: str) -> object:
        depth = LAYER_NAMES.index(name) + 1
        assert len(self.open) >= depth, f"the {name!r} layer is not open"
        return self.open[depth - 1][1]


def order_by_layers(items: list[pytest.Item]) -> None:
    """Run tests that share layers together (stable: pytest-django's order otherwise kept):
    tests without the database or with one, ordered by the layers they use, then the
    transactional ones (they flush the database), then tests without one."""

    def key(item) -> tuple[int, int]:
        if is_transactional(item):
            return (1, 0)
        uses_db = item.get_closest_marker("django_db") or "db" in item.fixturenames
        return (0, wanted_depth(item.fixturenames)) if uses_db else (2, 0)

    items.sort(key=key)


@contextmanager
def committed() -> Iterator[None]:
    """Writes inside are followed by what their commit would do (a test's transaction never
    commits): the search columns and route summaries they touched are refreshed and the
    catalogue version bumped, so a page read next does what it does in production."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
