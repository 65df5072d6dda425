"""Which content codings a request accepts (``Accept-Encoding``, RFC 9110 §12.5.3)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import parse_header_parameters

GZIP = "gzip"


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether a gzip-coded body may be sent: ``gzip`` (or its alias ``x-gzip``) listed
    with a weight above 0 (``gzip;q=0`` refuses it), or, neither listed, ``*`` above 0.
    A request without the header gets the identity coding, as from every common server
    (the RFC would allow any coding)."""
    weights: dict[str, float] = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, parameters = parse_header_parameters(item)
        if coding:
            weights.setdefault(coding, _weight(parameters.get("q")))
    for coding in (GZIP, "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def _weight(q: str | None) -> float:
    """A q-value: 1 when absent; a malformed or out-of-range one refuses (0)."""
    if q is None:
        return 1.0
    try:
        weight = float(q)
    except ValueError:
        return 0.0
    return weight if 0 <= weight <= 1 else 0.0
