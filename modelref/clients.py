"""Who is asking: the client's address, from the proxies we trust and no one else.

With ``TRUSTED_PROXY_COUNT = 0`` the client is the peer of the connection (REMOTE_ADDR) and
any X-Forwarded-For header is the client's own claim, ignored. With N trusted proxies in
front of the site, each appends the address it received the request from, so the client is
the N-th address from the right; whatever the client wrote to the left of it is ignored. A
request with fewer forwarded addresses than trusted proxies did not come through them all:
its peer address is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str:
    """``text`` as a normalised IP address, or "" when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxies saw it ("" when none is known)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    # Several X-Forwarded-For headers arrive joined with commas, in order.
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(hops) < proxies or not hops[-proxies].strip():
        return peer
    return _address(hops[-proxies]) or peer
