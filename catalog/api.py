"""Open data: everything published, as JSON and CSV, with its provenance.

Each endpoint is a fixed number of queries whatever the catalogue's size, and is cacheable:
``Cache-Control: public, max-age=300`` plus an ETag and Last-Modified from one cheap query
(``catalog.exports.catalogue_version``), so a conditional GET answers 304 without building
the body.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from catalog import exports

MAX_AGE = 300


def _version(request: HttpRequest) -> tuple:
    """The catalogue version, read once per request (ETag and Last-Modified share it)."""
    if not hasattr(request, "_catalogue_version"):
        request._catalogue_version = exports.catalogue_version()
    return request._catalogue_version


def _last_modified(request: HttpRequest, *args, **kwargs):
    return exports.last_modified_of(_version(request))


def _etag_for(name: str) -> Callable:
    def etag(request: HttpRequest, *args, **kwargs) -> str:
        digest = hashlib.sha256(repr((name, _version(request))).encode()).hexdigest()
        return digest[:32]

    return etag


def open_data(name: str):
    """Decorate an open-data view: GET/HEAD only, conditional, publicly cacheable."""

    def decorate(view):
        view = condition(etag_func=_etag_for(name), last_modified_func=_last_modified)(view)
        view = cache_control(public=True, max_age=MAX_AGE)(view)
        return require_safe(view)

    return decorate


def json_response(key: str, rows: list[dict], request: HttpRequest) -> JsonResponse:
    last_modified = exports.last_modified_of(_version(request))
    return JsonResponse(
        {
            "count": len(rows),
            "last_modified": exports.iso(last_modified),
            key: rows,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def csv_response(filename: str, header: Iterable[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([("" if value is None else value) for value in row] for row in rows)
    return response


def _absolute(request: HttpRequest, rows: list[dict]) -> list[dict]:
    for row in rows:
        if "url" in row:
            row["url"] = request.build_absolute_uri(row["url"])
    return rows


@open_data("models.json")
def models_json(request: HttpRequest) -> JsonResponse:
    rows = [exports.model_row(m) for m in exports.published_models()]
    return json_response("models", _absolute(request, rows), request)


@open_data("offerings.json")
def offerings_json(request: HttpRequest) -> JsonResponse:
    rows = [exports.offering_row(o) for o in exports.published_offerings()]
    return json_response("offerings", rows, request)


@open_data("providers.json")
def providers_json(request: HttpRequest) -> JsonResponse:
    rows = [exports.provider_row(p) for p in exports.published_providers()]
    return json_response("providers", _absolute(request, rows), request)


@open_data("benchmarks.json")
def benchmarks_json(request: HttpRequest) -> JsonResponse:
    rows = [exports.benchmark_row(b) for b in exports.published_benchmarks()]
    return json_response("benchmarks", _absolute(request, rows), request)


@open_data("models.csv")
def models_csv(request: HttpRequest) -> HttpResponse:
    rows = (exports.model_csv_row(m) for m in exports.published_models())
    return csv_response("models.csv", exports.MODEL_CSV_COLUMNS, rows)


@open_data("offerings.csv")
def offerings_csv(request: HttpRequest) -> HttpResponse:
    offerings = exports.published_offerings().prefetch_related(None)
    rows = (exports.offering_csv_row(o) for o in offerings)
    return csv_response("offerings.csv", exports.OFFERING_CSV_COLUMNS, rows)
