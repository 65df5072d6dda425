"""ASGI middleware: request bodies are limited before they are read, and must arrive in time.

Django reads a request's whole body before it calls the view, and under ASGI it does so on
the event loop, so a client sending its body slowly holds no worker thread. What remains:

- a body larger than the limit is refused (413) from its Content-Length, unread; a body
  without one (chunked) is refused as soon as it passes the limit;
- a body that has not fully arrived within ``REQUEST_BODY_TIMEOUT_SECONDS`` is refused (408),
  so slow clients cannot keep connections and memory for good.

The limit is ``REQUEST_BODY_MAX_BYTES`` for the public site and
``ADMIN_REQUEST_BODY_MAX_BYTES`` under ``/admin/`` (import uploads).
"""

from __future__ import annotations

import asyncio
import time

from django.conf import settings


class BodyRefused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def body_limit(path: str) -> int:
    if path.startswith("/admin/"):
        return settings.ADMIN_REQUEST_BODY_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


def declared_length(headers) -> int | None:
    """The Content-Length header as a number; None when absent; -1 when malformed."""
    for name, value in headers:
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


async def refuse(send, status: int, reason: str) -> None:
    body = f"{reason}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestBodyLimitMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope.get("path", ""))
        declared = declared_length(scope.get("headers", []))
        if declared == -1:
            return await refuse(send, 400, "Malformed Content-Length.")
        if declared is not None and declared > limit:
            return await refuse(send, 413, f"Request body too large: at most {limit} bytes here.")
        deadline = time.monotonic() + settings.REQUEST_BODY_TIMEOUT_SECONDS
        received = 0
        complete = False

        async def limited_receive():
            nonlocal received, complete
            if complete:  # after the body, only a disconnect can come: no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), deadline - time.monotonic())
            except TimeoutError:
                raise BodyRefused(408, "The request body did not arrive in time.") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyRefused(413, f"Request body too large: at most {limit} bytes here.")
                complete = not message.get("more_body", False)
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyRefused as refused:
            await refuse(send, refused.status, refused.reason)
