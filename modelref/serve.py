"""The production server: granian (a Rust HTTP server) running Django's ASGI application.

    .venv/bin/python -m modelref.serve        # HOST, PORT and WEB_WORKERS from the environment

Why this server: under ASGI Django reads request bodies on the event loop (asynchronously),
so clients that send slowly hold no worker thread, and granian's Rust I/O keeps thousands
of idle connections cheaply; slow request headers are cut off after 10 s. Bodies are limited
before they are read and must arrive in time (modelref.bodylimit). Each request's view runs
in a thread of its own; ``--backpressure`` caps how many run at once per worker.
"""

from __future__ import annotations

import os
import shutil
import sys

HEADER_READ_TIMEOUT_MS = 10_000
REQUESTS_PER_WORKER = 32


def granian_command(*, host: str, port: int, workers: int = 2) -> list[str]:
    return [
        "granian",
        "--interface", "asginl",  # Django's ASGI handler has no lifespan events
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--backpressure", str(REQUESTS_PER_WORKER),
        "--http1-header-read-timeout", str(HEADER_READ_TIMEOUT_MS),
        "--no-ws",
        "--respawn-failed-workers",
        "--log-level", "warning",
        "modelref.asgi:application",
    ]  # fmt: skip


def main() -> None:
    command = granian_command(
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
        workers=int(os.environ.get("WEB_WORKERS", "2")),
    )
    executable = shutil.which("granian", path=os.path.dirname(sys.executable)) or "granian"
    os.execv(executable, [executable, *command[1:]])


if __name__ == "__main__":
    main()
