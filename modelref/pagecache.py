"""HTTP caching of anonymous pages, keyed by the catalogue version.

Every public page, feed and open-data file is derived from the catalogue, so one stamp
(``catalog.version``: bumped after every catalogue write, plus the day, since pages flag
figures older than ``STALE_AFTER_DAYS``, plus the code release) says whether a response can
have changed. For an anonymous GET or HEAD this middleware, with one query for the stamp:

- answers ``304 Not Modified`` when the client's ETag or date is still current;
  a gzip-coded response (the stored open-data files, ``catalog.opendata_files``) is a
  representation of its own, named by an ETag of the same family (``…-gzip``);
- serves the page from Django's cache framework, stored under the URL and the stamp (so an
  editor's change is seen at once, on every app server, and nothing stale is served);
- otherwise lets the view render it, stores it if it is public, and adds
  ``Cache-Control: public, max-age, stale-while-revalidate``, ``ETag`` and ``Last-Modified``.

A response is public (sent with those headers, and stored unless streamed) only when it is
a 200 that sets no cookie, does not vary on the cookie, carries no CSP nonce and no
Cache-Control of its own. Requests with cookies other than the CSRF cookie (editors'
sessions, flash messages) and paths in ``PAGE_CACHE_SKIP_PATHS`` pass straight through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import (
    get_cache_key,
    get_conditional_response,
    has_vary_header,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_etags, quote_etag

from catalog.version import Stamp, current_version, serving
from modelref.contentcoding import GZIP, accepts_gzip

SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json"}


@cache
def code_release() -> str:
    """``CACHE_RELEASE``, or a digest of the code and templates (same on every server)."""
    if settings.CACHE_RELEASE:
        return settings.CACHE_RELEASE
    digest = hashlib.sha256()
    for folder in ("modelref", "catalog", "comparisons", "templates"):
        for path in sorted(Path(settings.BASE_DIR, folder).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "migrations" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def version_tag(stamp: Stamp, day: dt.date) -> str:
    """What a response of one catalogue version, on one day, in one release is named by."""
    return f"{code_release()}-{stamp.number}-{day:%Y%m%d}"


@dataclass(frozen=True)
class Validators:
    """What a page of one catalogue version, on one day, in one release is identified by."""

    etag: str
    gzip_etag: str  # the same response, gzip-coded
    last_modified: dt.datetime
    key_prefix: str

    @classmethod
    def of(cls, stamp: Stamp, now: dt.datetime) -> Validators:
        day = now.date()
        start_of_day = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        changed_at = stamp.changed_at or start_of_day
        tag = version_tag(stamp, day)
        return cls(
            etag=quote_etag(tag),
            gzip_etag=quote_etag(f"{tag}-{GZIP}"),
            last_modified=max(changed_at, start_of_day).replace(microsecond=0),
            key_prefix=f"page.{tag}",
        )

    def etag_of(self, response: HttpResponse) -> str:
        return self.gzip_etag if response.get("Content-Encoding") == GZIP else self.etag

    def matched_etag(self, request: HttpRequest) -> str | None:
        """The ETag of ours that the request's If-None-Match names, if still current: the
        gzip representation's only for a request that accepts gzip."""
        etags = parse_etags(request.headers.get("If-None-Match", ""))
        if self.etag in etags:
            return self.etag
        if self.gzip_etag in etags and accepts_gzip(request):
            return self.gzip_etag
        return None


def is_anonymous_read(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP_PATHS):
        return False
    return not set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}


def is_public(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not response.has_header("Cache-Control")
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def add_validators(response: HttpResponse, validators: Validators, etag: str = "") -> None:
    response["ETag"] = etag or validators.etag_of(response)
    response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )


def not_modified(validators: Validators, etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    if etag == validators.gzip_etag:  # as its 200 did: it is chosen by Accept-Encoding
        patch_vary_headers(response, ["Accept-Encoding"])
    add_validators(response, validators, etag)
    return response


def store(request: HttpRequest, response: HttpResponse, key_prefix: str, page_cache) -> None:
    """Keep a rendered page for the next visitor (a streamed response is never kept: its
    body is produced as it is sent; it still carries the validators and answers 304)."""
    seconds = settings.PAGE_CACHE_SECONDS
    key = learn_cache_key(request, response, seconds, key_prefix, page_cache)
    page_cache.set(key, response, seconds)


class CataloguePageCacheMiddleware:
    """Conditional GET and a server-side page cache for anonymous visitors (see module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_read(request):
            with serving():
                return self.get_response(request)
        stamp = current_version()
        validators = Validators.of(stamp, timezone.now())
        if etag := validators.matched_etag(request):
            return not_modified(validators, etag)  # only public pages ever carry our ETags
        page_cache = caches[settings.PAGE_CACHE_ALIAS]
        key = get_cache_key(request, validators.key_prefix, "GET", cache=page_cache)
        response = page_cache.get(key) if key else None
        if response is None:
            with serving(stamp):  # the view reuses the stamp (catalog.version)
                response = self.get_response(request)
            if not is_public(response):
                return response
            add_validators(response, validators)
            if request.method == "GET" and not response.streaming:
                store(request, response, validators.key_prefix, page_cache)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=validators.last_modified.timestamp(),
            response=response,
        )
