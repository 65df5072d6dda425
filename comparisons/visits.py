"""Counting comparison views for "popular comparisons", out of the request path.

A comparison GET writes nothing to the database: :func:`record_visit` only notes the view in
this process's memory. A background thread writes the notes every
``POPULAR_FLUSH_SECONDS`` (and at exit) in one transaction (:func:`flush_visits`).

- Bots are not counted (their user agent says so, or they send none).
- One view per visitor per comparison per day: a visitor is a keyed hash of the client
  address, the user agent and the day (nothing is stored in the visitor's browser, and no
  address is stored). The flush inserts those hashes into ``ComparisonViewer`` with
  ``ON CONFLICT DO NOTHING`` and counts only the new ones, so the rule holds across every
  process and app server; hashes older than yesterday are deleted by the same flush.
- The picker shows the popular list from the page cache, so a flush that changes which
  comparisons lead bumps the catalogue version (and only then).
"""

from __future__ import annotations

import atexit
import datetime as dt
import hmac
import logging
import re
import threading
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from catalog.corrections import client_key
from catalog.version import bump_catalogue_version
from comparisons.models import ComparisonViewer, ComparisonVisit
from modelref.clients import client_address

log = logging.getLogger(__name__)

BOT = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|preview|monitor|headless|lighthouse|externalhit|"
    r"curl|wget|httpie|python|java/|go-http|okhttp|libwww|axios|node-fetch|wrk|ab/",
    re.IGNORECASE,
)
POPULAR_DEPTH = 24  # how many leaders the picker considers (popular_comparisons: 8 shown)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT.search(user_agent))


def visitor_digest(*, client: str, user_agent: str, day: dt.date, key: str) -> str:
    """Who viewed which comparison on which day, as a keyed hash that cannot be reversed."""
    message = "\n".join([client, user_agent, day.isoformat(), key]).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, "sha256").hexdigest()[:32]


class VisitBuffer:
    """Views noted by this process and not yet written (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: dict[str, tuple[dt.date, str]] = {}  # digest -> (day, key)
        self.flusher: threading.Thread | None = None

    def add(self, digest: str, day: dt.date, key: str) -> None:
        with self.lock:
            self.pending.setdefault(digest, (day, key))
            if settings.POPULAR_FLUSH_SECONDS and self.flusher is None:
                self.flusher = threading.Thread(
                    target=self.flush_forever, name="popular-comparisons", daemon=True
                )
                self.flusher.start()

    def take(self) -> dict[str, tuple[dt.date, str]]:
        with self.lock:
            taken, self.pending = self.pending, {}
        return taken

    def flush_forever(self) -> None:
        stop = threading.Event()
        while not stop.wait(settings.POPULAR_FLUSH_SECONDS):
            try:
                flush_visits(self)
            except Exception:  # a failed flush must not end the thread
                log.exception("Could not write comparison views")
            finally:
                connection.close()


BUFFER = VisitBuffer()


@atexit.register
def flush_at_exit() -> None:
    if BUFFER.pending:
        try:
            flush_visits(BUFFER)
        except Exception:
            log.exception("Could not write comparison views at exit")


def record_visit(request: HttpRequest, key: str, buffer: VisitBuffer | None = None) -> None:
    """Note a view of comparison ``key`` (in memory only; see the module)."""
    user_agent = request.headers.get("User-Agent", "")
    if is_bot(user_agent):
        return
    day = timezone.now().date()
    client = client_key(client_address(request))
    digest = visitor_digest(client=client, user_agent=user_agent, day=day, key=key)
    (buffer or BUFFER).add(digest, day, key)


def leaders() -> list[str]:
    return list(
        ComparisonVisit.objects.order_by("-count", "key").values_list("key", flat=True)[
            :POPULAR_DEPTH
        ]
    )


def flush_visits(buffer: VisitBuffer | None = None) -> int:
    """Write the buffered views: count each visitor once a day. Returns the views counted."""
    views = (buffer or BUFFER).take()
    if not views:
        return 0
    viewers = connection.ops.quote_name(ComparisonViewer._meta.db_table)
    visits = connection.ops.quote_name(ComparisonVisit._meta.db_table)
    digests = list(views)
    with transaction.atomic(), connection.cursor() as cursor:
        before = leaders()
        cursor.execute(
            f"INSERT INTO {viewers} (day, digest) "
            "SELECT * FROM unnest(%s::date[], %s::varchar[]) "
            "ON CONFLICT (day, digest) DO NOTHING RETURNING digest",
            [[views[d][0] for d in digests], digests],
        )
        counts = Counter(views[digest][1] for (digest,) in cursor.fetchall())
        if counts:
            keys = sorted(counts)
            cursor.execute(
                f"INSERT INTO {visits} (key, count, last_visited_at) "
                "SELECT k, n, now() FROM unnest(%s::varchar[], %s::integer[]) AS v(k, n) "
                f"ON CONFLICT (key) DO UPDATE SET count = {visits}.count + EXCLUDED.count, "
                "last_visited_at = EXCLUDED.last_visited_at",
                [keys, [counts[k] for k in keys]],
            )
        yesterday = timezone.now().date() - dt.timedelta(days=1)
        cursor.execute(f"DELETE FROM {viewers} WHERE day < %s", [yesterday])
        if leaders() != before:
            bump_catalogue_version(model_columns=False)  # only which comparisons lead
    return sum(counts.values())
