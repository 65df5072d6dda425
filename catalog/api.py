"""Open data: everything published, as JSON and CSV, with its provenance.

The JSON files are paginated (``?page=N``, ``PAGE_SIZE`` rows, with ``next``/``previous``
links); the CSV files are whole, written once per catalogue version and then read from
disk (``catalog.opendata_files``). Each endpoint is a fixed number of queries whatever
the catalogue's size (the CSV's: per chunk of rows), and is cacheable like every public page
(``modelref.pagecache``): ``Cache-Control: public``, an ETag and Last-Modified from the
catalogue version (one primary-key read), 304 to a conditional GET.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from catalog import opendata
from catalog.opendata_files import CSV_TYPE, csv_file_response
from catalog.pagination import page_of
from catalog.serialisation import iso
from catalog.version import current_version

logger = logging.getLogger(__name__)

# Rows per page of the JSON files (``?page=N``; each has a total order, so links are stable):
# a page of models with their provenance stays a few hundred KB, and as quick to serve.
PAGE_SIZE = 100
# Rows per database round trip of the streamed CSV files.
CSV_CHUNK = 2000


def json_page(
    request: HttpRequest, key: str, queryset: QuerySet, row: Callable[[Any], dict]
) -> JsonResponse:
    """One page of ``queryset`` (``?page=N``, PAGE_SIZE rows), with links to its neighbours."""
    page = page_of(request, queryset, PAGE_SIZE)
    rows = _absolute(request, [row(obj) for obj in page])
    return JsonResponse(
        {**_page_header(request, page), key: rows},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _page_header(request: HttpRequest, page) -> dict:
    """What a JSON page says before its rows: counts, its neighbours' links, the date."""

    def link(number: int) -> str:
        return request.build_absolute_uri(f"{request.path}?page={number}")

    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "page_size": PAGE_SIZE,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "last_modified": iso(current_version().changed_at),
    }


def csv_download(
    request: HttpRequest, filename: str, header: Iterable[str], rows: Callable[[], Iterator[tuple]]
) -> StreamingHttpResponse:
    """The whole table: the file stored for the catalogue version
    (``catalog.opendata_files``), or with ``OPEN_DATA_DIR`` off, streamed from the database.
    Memory stays flat either way, however many rows there are."""
    if settings.OPEN_DATA_DIR:
        try:
            return csv_file_response(request, filename, lambda: _csv_chunks(header, rows()))
        except OSError:  # the folder cannot be written: serve the download all the same
            logger.exception("Open-data file %s not stored in %s", filename, settings.OPEN_DATA_DIR)
    return csv_response(filename, header, rows())


def csv_response(
    filename: str, header: Iterable[str], rows: Iterator[tuple]
) -> StreamingHttpResponse:
    """The whole table, streamed from the database."""
    response = StreamingHttpResponse(_csv_chunks(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _csv_chunks(header: Iterable[str], rows: Iterator[tuple]) -> Iterator[str]:
    """The header line, then the rows, CSV_CHUNK lines to a piece of the stream."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    yield buffer.getvalue()
    for chunk in itertools.batched(rows, CSV_CHUNK, strict=False):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(opendata.csv_cells(row) for row in chunk)
        yield buffer.getvalue()


def _absolute(request: HttpRequest, rows: list[dict]) -> list[dict]:
    for row in rows:
        if "url" in row:
            row["url"] = request.build_absolute_uri(row["url"])
    return rows


@require_safe
def models_json(request: HttpRequest) -> JsonResponse:
    return json_page(request, "models", opendata.model_queryset(), opendata.model_row)


@require_safe
def offerings_json(request: HttpRequest) -> JsonResponse:
    return json_page(request, "offerings", opendata.offering_queryset(), opendata.offering_row)


@require_safe
def providers_json(request: HttpRequest) -> JsonResponse:
    return json_page(request, "providers", opendata.provider_queryset(), opendata.provider_row)


@require_safe
def benchmarks_json(request: HttpRequest) -> JsonResponse:
    return json_page(request, "benchmarks", opendata.benchmark_queryset(), opendata.benchmark_row)


@require_safe
def results_json(request: HttpRequest) -> JsonResponse:
    return json_page(request, "results", opendata.result_queryset(), opendata.result_row)


@require_safe
def models_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_download(
        request,
        "models.csv",
        opendata.MODEL_CSV_COLUMNS,
        lambda: opendata.model_csv_rows(chunk_size=CSV_CHUNK),
    )


@require_safe
def offerings_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_download(
        request, "offerings.csv", opendata.OFFERING_CSV_COLUMNS, opendata.offering_csv_rows
    )
