"""The open-data CSV files, written once per catalogue version and served from disk.

A CSV file is a whole table (offerings.csv: ~15 MB at 10,000 models), too big for the page
cache, and reading it from the database costs a second at that size. So the first request
for a file after a catalogue change writes it under ``settings.OPEN_DATA_DIR``, named by the
version stamp (release, version, day: ``modelref.pagecache.version_tag``, as the ETag; and
the time of that version's change), in a folder per database, and every request of that
version reads the file. The stamp comes from the shared database, so
any number of app servers, each with its own folder (or one shared), never serve a file of
another version: an editor's change names a new file at once. A file is written from one
snapshot of the database (REPEATABLE READ), named by the version read in that snapshot, so
its rows are of one version; into a temporary file that is renamed into place when
complete, in chunks (memory stays flat); then all but the ``KEPT_VERSIONS`` newest files
of that table are removed.
Under granian the file is then sent by the server itself (``modelref.pathsend``).
Its bytes are exactly what ``catalog.api.csv_response`` streams. ``OPEN_DATA_DIR = ""``
turns this off (every download is streamed from the database; the tests' default).

Next to each file, written with it, is its gzip-compressed copy (``….csv.gz``): a client
whose ``Accept-Encoding`` accepts gzip (``modelref.contentcoding``) gets it, sent as
``Content-Encoding: gzip`` under an ETag of its own (``modelref.pagecache``); the others
get the file itself. Both say ``Vary: Accept-Encoding``. A ``Range`` request always gets
the file itself, so a range is never one of compressed bytes (none is served as a 206
today: Django and granian send the whole file).
"""

from __future__ import annotations

import asyncio
import gzip
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header

from catalog.version import Stamp, current_version, served_version
from modelref.contentcoding import GZIP, accepts_gzip
from modelref.pathsend import PATHSEND_HEADER, sends_path

CSV_TYPE = "text/csv; charset=utf-8"
# A file up to this size is answered whole, so the page cache keeps it as it keeps a page
# (which is at most ~150 KB): the bundled catalogue's offerings.csv is ~150 KB.
WHOLE_FILE_BYTES = 256 * 1024
# Files of a table kept, the newest: a request that has just named the previous version's
# file (the server may open it a moment later: modelref.pathsend) still finds it.
KEPT_VERSIONS = 3
# The highest, as whitenoise compresses static files: written once per version, sent on
# every download (offerings.csv at 10,000 cloned models, 15.5 MB: 632 KB at zlib's default
# level 6, 545 KB at 9, for ~0.2 s more once; the bundled one, 153 KB: ~16 KB either way).
GZIP_LEVEL = 9


class CsvFileResponse(FileResponse):
    """A stored file: sent by the ASGI server itself where it can (``modelref.pathsend``,
    ``path_sent``), else read a block at a time, under WSGI (the server's file wrapper) and
    under ASGI alike (there Django would first read a synchronous file whole into memory,
    so the blocks are read in a thread as they are sent)."""

    path_sent = False

    async def __aiter__(self):
        if self.path_sent:
            return
        read = self.file_to_stream.read
        while block := await asyncio.to_thread(read, self.block_size):
            yield block


def csv_file_response(
    request: HttpRequest, filename: str, chunks: Callable[[], Iterator[str]]
) -> HttpResponse | CsvFileResponse:
    """``filename`` of the catalogue version the request read, written first from
    ``chunks`` (the CSV's text, as ``catalog.api`` streams it) where none is stored, or its
    gzip copy to a client that accepts it: whole up to ``WHOLE_FILE_BYTES``, so that the
    page cache keeps it; larger, a file response."""
    folder = _folder()
    gzipped = accepts_gzip(request) and "Range" not in request.headers
    stored_name = _file_name(filename, served_version())
    try:
        stored = open(_coded(folder / stored_name, gzipped), "rb")  # noqa: SIM115
    except FileNotFoundError:  # not written yet, or removed by a newer version's writer
        stored = open(_coded(_write(folder, filename, chunks), gzipped), "rb")  # noqa: SIM115
    response = _file_response(request, stored, filename)
    if gzipped:
        response["Content-Encoding"] = GZIP
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _file_response(request: HttpRequest, stored, filename: str) -> HttpResponse | CsvFileResponse:
    if os.fstat(stored.fileno()).st_size <= WHOLE_FILE_BYTES:
        with stored:  # kept by the page cache, like any page
            response = HttpResponse(stored.read(), content_type=CSV_TYPE)
        response["Content-Disposition"] = content_disposition_header(False, filename)
        return response
    response = CsvFileResponse(stored, filename=filename, content_type=CSV_TYPE)
    if sends_path(request):
        response.path_sent = True
        response[PATHSEND_HEADER] = os.path.abspath(stored.name)
    return response


def _coded(path: Path, gzipped: bool) -> Path:
    """The stored file, or its gzip copy."""
    return path.with_name(f"{path.name}.gz") if gzipped else path


def _folder() -> Path:
    """``OPEN_DATA_DIR``'s folder for this database (a benchmark serves two from one)."""
    return Path(settings.OPEN_DATA_DIR, connection.settings_dict["NAME"])


def _file_name(filename: str, stamp: Stamp) -> str:
    """``filename`` named by the version tag and the time of the version's change, so a
    database made again, whose numbers start over, never meets an older one's files."""
    from modelref.pagecache import version_tag

    stem, _, suffix = filename.rpartition(".")
    changed = int(stamp.changed_at.timestamp() * 1_000_000) if stamp.changed_at else 0
    return f"{stem}.{version_tag(stamp, timezone.now().date())}-{changed}.{suffix}"


def _write(folder: Path, filename: str, chunks: Callable[[], Iterator[str]]) -> Path:
    """Write ``filename`` of the version committed now, and its gzip copy, from one
    snapshot; the file's path. The copy is put in place first: a reader that finds the
    file finds the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    with _snapshot():
        path = folder / _file_name(filename, current_version())
        with (
            _part(folder) as plain,
            _part(folder) as packed,
            gzip.GzipFile(
                filename="", mode="wb", fileobj=packed, compresslevel=GZIP_LEVEL, mtime=0
            ) as compressed,
        ):
            for chunk in chunks():
                data = chunk.encode()
                plain.write(data)
                compressed.write(data)
    os.replace(packed.name, _coded(path, True))
    os.replace(plain.name, path)
    stem, _, suffix = filename.rpartition(".")
    for pattern in (f"{stem}.*.{suffix}", f"{stem}.*.{suffix}.gz"):
        files = sorted(folder.glob(pattern), key=lambda file: file.stat().st_mtime, reverse=True)
        for older in files[KEPT_VERSIONS:]:
            older.unlink(missing_ok=True)
    return path


@contextmanager
def _part(folder: Path) -> Iterator:
    """A temporary file in ``folder``, removed if it is not complete."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".", delete=False) as part:
        try:
            yield part
        except BaseException:
            os.unlink(part.name)
            raise


@contextmanager
def _snapshot() -> Iterator[None]:
    """A transaction whose reads all see one committed state of the database (inside a
    transaction already, as in tests, that transaction's)."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
