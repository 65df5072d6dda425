"""Request bodies under ASGI: refused before they are read when too large, or when too slow."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from modelref.bodylimit import RequestBodyLimitMiddleware

MB = 1024 * 1024


async def echo_length(scope, receive, send):
    """Reads the whole body as Django's ASGI handler does, then answers its length."""
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


def run(coroutine) -> None:
    """Run ``coroutine`` on an event loop of its own (another test may hold this thread's)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def call(path, *, headers=(), chunks=(b"",), delay=0.0):
    """Run one request through the middleware; (status, body, chunks the client sent)."""
    sent = []
    pending = list(chunks)

    async def receive():
        if delay:
            await asyncio.sleep(delay)
        chunk = pending.pop(0)
        sent.append(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    answers = []

    async def send(message):
        answers.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": list(headers)}
    run(RequestBodyLimitMiddleware(echo_length)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in answers if m["type"] == "http.response.body")
    return answers[0]["status"], body.decode(), sent


@pytest.fixture(autouse=True)
def limits(settings):
    settings.REQUEST_BODY_MAX_BYTES = 64 * 1024
    settings.ADMIN_REQUEST_BODY_MAX_BYTES = 21 * MB
    settings.REQUEST_BODY_TIMEOUT_SECONDS = 30


def length(size: int):
    return [(b"content-length", str(size).encode())]


def test_a_200_mb_anonymous_upload_is_refused_unread():
    status, body, sent = call("/report/", headers=length(200 * MB))
    assert status == 413
    assert body == "Request body too large: at most 65536 bytes here.\n"
    assert sent == []  # not one chunk read


def test_the_admin_takes_an_import_upload_but_not_200_mb():
    assert call("/admin/catalog/importrun/import/", headers=length(200 * MB))[:1] == (413,)
    status, body, _ = call(
        "/admin/catalog/importrun/import/", headers=length(MB), chunks=[b"x" * MB]
    )
    assert (status, body) == (200, str(MB))


def test_a_body_at_the_limit_passes_and_one_byte_more_does_not():
    limit = 64 * 1024
    assert call("/report/", headers=length(limit), chunks=[b"x" * limit])[:2] == (200, str(limit))
    assert call("/report/", headers=length(limit + 1))[0] == 413


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit():
    chunks = [b"x" * 40_000] * 10
    status, _, sent = call("/report/", chunks=chunks)
    assert status == 413
    assert len(sent) == 2  # 80,000 bytes read, then refused


def test_a_body_that_does_not_arrive_in_time_is_refused(settings):
    settings.REQUEST_BODY_TIMEOUT_SECONDS = 0.3
    status, body, sent = call("/report/", chunks=[b"a"] * 100, delay=0.05)
    assert status == 408
    assert body == "The request body did not arrive in time.\n"
    assert len(sent) < 100  # cut off long before the body was complete


def test_a_malformed_length_is_a_400():
    assert call("/report/", headers=[(b"content-length", b"12abc")])[0] == 400


def test_other_scopes_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    run(RequestBodyLimitMiddleware(app)({"type": "lifespan"}, None, None))
    assert seen == ["lifespan"]
