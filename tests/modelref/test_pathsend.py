"""modelref.pathsend: a file named by a response is sent by the ASGI server itself."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from modelref.pathsend import MARK, PATHSEND, PathsendMiddleware


def run(coroutine):
    with ThreadPoolExecutor(1) as pool:  # a loop of its own (browser tests leave one running)
        return pool.submit(asyncio.run, coroutine).result()


def served(app, extensions: dict) -> tuple[list[dict], dict]:
    """What the middleware sends for ``app`` under a server offering ``extensions``, and the
    scope the app saw."""
    sent, seen = [], {}

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    async def wrapped(scope, receive, send):
        seen.update(scope)
        await app(scope, receive, send)

    scope = {"type": "http", "path": "/api/offerings.csv", "extensions": extensions}
    run(PathsendMiddleware(wrapped)(scope, receive, send))
    return sent, seen


def file_app(path: bytes | None):
    """A response like Django's: the start (naming ``path``, if any), then body messages."""

    async def app(scope, receive, send):
        headers = [(b"Content-Type", b"text/csv")]
        if path:
            headers.append((b"X-Modelref-Pathsend", path))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"", "more_body": True})
        await send({"type": "http.response.body"})

    return app


def test_a_named_file_is_sent_by_the_server_and_the_header_never_leaves():
    sent, seen = served(file_app(b"/var/files/offerings.csv"), {PATHSEND: {}})
    assert seen[MARK] is True
    assert sent == [
        {"type": "http.response.start", "status": 200, "headers": [(b"Content-Type", b"text/csv")]},
        {"type": PATHSEND, "path": "/var/files/offerings.csv"},
    ]


def test_other_responses_pass_unchanged():
    sent, _ = served(file_app(None), {PATHSEND: {}})
    assert [message["type"] for message in sent] == [
        "http.response.start",
        "http.response.body",
        "http.response.body",
    ]


def test_without_the_extension_no_view_is_told_it_may_name_a_file():
    sent, seen = served(file_app(None), {})
    assert MARK not in seen
    assert len(sent) == 3
