"""ASGI middleware: stored files are sent by the server itself, not through Python.

granian (and other ASGI servers) offer the ``http.response.pathsend`` extension: the
application names a file and the server sends it. Django's ASGI handler knows nothing of
it, so where the server offers it this middleware marks the request's scope
(``scope["modelref.pathsend"]``, read by :func:`sends_path`); a view may then answer with an
empty body and the file's path in ``PATHSEND_HEADER`` (``catalog.opendata_files``: the
open-data CSV files, 15 MB at 10,000 models), and the middleware replaces the header by the
pathsend message. Under other servers (or WSGI) the header is never set and the view sends
the file itself.
"""

from __future__ import annotations

from django.http import HttpRequest

PATHSEND = "http.response.pathsend"
MARK = "modelref.pathsend"
PATHSEND_HEADER = "X-Modelref-Pathsend"
_HEADER = PATHSEND_HEADER.lower().encode()


def sends_path(request: HttpRequest) -> bool:
    """Whether this GET's server sends a file named in ``PATHSEND_HEADER`` (a HEAD has no
    body to send)."""
    scope = getattr(request, "scope", None) or {}
    return request.method == "GET" and bool(scope.get(MARK))


class PathsendMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or PATHSEND not in scope.get("extensions", {}):
            return await self.app(scope, receive, send)
        sent = False

        async def sending(message):
            nonlocal sent
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                paths = [value for name, value in headers if name.lower() == _HEADER]
                kept = [(name, value) for name, value in headers if name.lower() != _HEADER]
                await send({**message, "headers": kept})
                if paths:
                    await send({"type": PATHSEND, "path": paths[0].decode()})
                    sent = True
            elif not sent:  # else the body is the file, sent: Django's empty body is dropped
                await send(message)

        await self.app({**scope, MARK: True}, receive, sending)
