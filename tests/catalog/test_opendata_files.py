"""The open-data CSV files written once per catalogue version (catalog.opendata_files)."""

import asyncio
import gzip
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from catalog import opendata
from catalog.models import LanguageModel, Offering
from catalog.opendata_files import CsvFileResponse
from catalog.version import current_version
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory
from tests.layers import committed

pytestmark = pytest.mark.django_db

FILES = ("/api/models.csv", "/api/offerings.csv")


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def streamed_files(monkeypatch):
    """Every stored file answered as a file response, however small."""
    monkeypatch.setattr("catalog.opendata_files.WHOLE_FILE_BYTES", 0)


@pytest.fixture
def folder(settings, tmp_path):
    """Files stored per version, in a folder of the test's own (one per database in it)."""
    settings.OPEN_DATA_DIR = str(tmp_path)
    return tmp_path / connection.settings_dict["NAME"]


@pytest.fixture
def catalogue():
    """Two models whose rows need quoting (a comma, quotes, non-ASCII), one route unpriced."""
    with committed():
        host = ProviderFactory(slug="host", name='Host "One", Inc.')
        for slug, name in (("alpha", "Alpha, the first"), ("beta", "Bêta ✓")):
            OfferingFactory(
                model=LanguageModelFactory(slug=slug, name=name),
                provider=host,
                input_usd_per_mtok=Decimal("0.80"),
                output_usd_per_mtok=None,
            )


@pytest.mark.parametrize("whole", [True, False])
def test_a_stored_file_is_the_streamed_file_byte_for_byte(
    client, settings, folder, catalogue, monkeypatch, whole
):
    """Small files are answered whole (the page cache keeps them), larger ones as files:
    the same bytes and headers as the download streamed from the database."""
    if not whole:
        monkeypatch.setattr("catalog.opendata_files.WHOLE_FILE_BYTES", 0)
    for url in FILES:
        settings.OPEN_DATA_DIR = ""
        streamed = client.get(url)
        settings.OPEN_DATA_DIR = str(folder.parent)
        written, read = client.get(url), client.get(url)  # the first writes, the next reads
        expected = body(streamed)
        assert body(written) == body(read) == expected, url
        assert b'"Host ""One"", Inc."' in expected or "models" in url
        for header in ("Content-Type", "Content-Disposition", "ETag", "Cache-Control"):
            assert read[header] == streamed[header], (url, header)
        assert read["Content-Length"] == str(len(expected))
        assert read.streaming is not whole, url
    assert sorted(path.name.split(".")[0] for path in folder.glob("*.csv")) == [
        "models",
        "offerings",
    ]


def test_a_repeat_download_reads_the_stamp_only(
    client, folder, catalogue, django_assert_num_queries
):
    client.get("/api/offerings.csv")
    with django_assert_num_queries(1):  # the catalogue version (modelref.pagecache)
        response = client.get("/api/offerings.csv")
        assert b"alpha" in body(response)


def test_an_edit_names_a_new_file_and_the_next_download_shows_it(
    client, folder, catalogue, streamed_files
):
    before = body(client.get("/api/offerings.csv"))
    (old_file,) = folder.glob("offerings.*.csv")
    with committed():
        Offering.objects.filter(model__slug="beta").update(input_usd_per_mtok=Decimal("0.75"))
        bump = LanguageModel.objects.get(slug="beta")
        bump.save()  # a save's signal bumps the version (update() sends none)
    after = body(client.get("/api/offerings.csv"))
    assert b"0.75" in after and b"0.75" not in before
    new_file = max(folder.glob("offerings.*.csv"), key=lambda file: file.stat().st_mtime)
    assert new_file != old_file and str(current_version().number) in new_file.name
    assert old_file.exists()  # kept a while: a request may have just named it
    for price in ("0.74", "0.73"):
        with committed():
            offering = Offering.objects.get(model__slug="beta")
            offering.input_usd_per_mtok = Decimal(price)
            offering.save()
        assert price.encode() in body(client.get("/api/offerings.csv"))
    assert len(list(folder.glob("offerings.*.csv"))) == 3 and not old_file.exists()
    assert len(list(folder.glob("offerings.*.csv.gz"))) == 3
    assert not Path(f"{old_file}.gz").exists()


def test_a_folder_that_cannot_be_written_still_serves_the_download(
    client, settings, tmp_path, catalogue
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.OPEN_DATA_DIR = str(blocker / "opendata")
    response = client.get("/api/models.csv")
    assert response.status_code == 200 and b"alpha" in body(response)


@pytest.mark.django_db(transaction=True)
def test_a_file_is_one_versions_rows_named_by_that_version(client, folder, monkeypatch):
    """An edit committed while a file is written (between two of its queries: one model's
    routes a query) is not in it, and the file is named by the version it shows; the next
    download is of the new version."""
    host = ProviderFactory(slug="host")
    for slug in ("alpha", "beta"):
        OfferingFactory(
            model=LanguageModelFactory(slug=slug), provider=host, provider_model_id=slug
        )
    version = current_version().number
    monkeypatch.setattr(opendata, "MODELS_PER_CHUNK", 1)
    rows = opendata.offering_csv_rows

    def edit_after_first_model():
        def edit():
            offering = Offering.objects.get(provider_model_id="beta")
            offering.input_usd_per_mtok = Decimal("0.123")
            offering.save()  # committed at once, and the version bumped
            connection.close()

        routes = rows()
        yield next(routes)
        thread = threading.Thread(target=edit)
        thread.start()
        thread.join()
        yield from routes

    monkeypatch.setattr(opendata, "offering_csv_rows", edit_after_first_model)
    first = body(client.get("/api/offerings.csv"))
    assert current_version().number > version
    assert b"0.123" not in first
    assert [path.name.split(".")[1].split("-")[1] for path in folder.glob("offerings.*.csv")] == [
        str(version)
    ]
    monkeypatch.setattr(opendata, "offering_csv_rows", rows)
    assert b"0.123" in body(client.get("/api/offerings.csv"))


def test_under_asgi_a_stored_file_is_read_a_block_at_a_time(tmp_path):
    """Not read whole into memory first, as Django does with a synchronous file there."""
    path = tmp_path / "file.csv"
    path.write_bytes(b"x" * 10_000)
    response = CsvFileResponse(open(path, "rb"), filename="file.csv")  # noqa: SIM115
    response.block_size = 4096

    async def blocks():
        return [block async for block in response]

    # In a thread of its own: after the browser tests, Playwright's loop runs in this one.
    with ThreadPoolExecutor(1) as pool:
        read = pool.submit(asyncio.run, blocks()).result()
    assert [len(block) for block in read] == [4096, 4096, 1808]
    response.close()


def test_a_database_made_again_never_meets_an_older_ones_files():
    """Version numbers start over in a new database: the file name also carries the time
    of the version's change."""
    import datetime as dt

    from catalog.opendata_files import _file_name
    from catalog.version import Stamp

    first = Stamp(3, dt.datetime(2026, 11, 30, 10, 0, 0, 1, tzinfo=dt.UTC))
    again = Stamp(3, dt.datetime(2026, 11, 30, 10, 0, 0, 2, tzinfo=dt.UTC))
    assert _file_name("offerings.csv", first) != _file_name("offerings.csv", again)
    assert _file_name("offerings.csv", first).startswith("offerings.")


def test_under_granian_the_view_names_the_file_for_the_server_to_send(
    folder, catalogue, streamed_files
):
    """Where the server sends files itself (modelref.pathsend marks the scope), a GET's
    response names the stored file and has no body of its own; a HEAD's names none."""
    from django.core.handlers.asgi import ASGIRequest

    from catalog import api
    from modelref.pathsend import MARK, PATHSEND_HEADER

    def request(method: str) -> ASGIRequest:
        scope = {
            "type": "http",
            "method": method,
            "path": "/api/offerings.csv",
            "query_string": b"",
            "headers": [(b"host", b"testserver")],
            MARK: True,
        }
        return ASGIRequest(scope, io.BytesIO())

    response = api.offerings_csv(request("GET"))
    (stored,) = folder.glob("offerings.*.csv")
    assert response[PATHSEND_HEADER] == str(stored) and response.path_sent
    assert response["Content-Length"] == str(stored.stat().st_size)
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, _blocks(response)).result() == []
    response.file_to_stream.close()  # (close() would end the request: its connections too)
    head = api.offerings_csv(request("HEAD"))
    assert not head.has_header(PATHSEND_HEADER) and not head.path_sent
    head.file_to_stream.close()


async def _blocks(response) -> list[bytes]:
    return [block async for block in response]


GZIP = {"Accept-Encoding": "gzip, deflate, br"}  # what a browser sends


@pytest.mark.parametrize("whole", [True, False])
def test_a_client_accepting_gzip_gets_the_stored_gzip_copy(
    client, folder, catalogue, monkeypatch, whole
):
    """The copy decompresses to exactly the file; both representations say they vary on
    Accept-Encoding and carry ETags of one family that differ."""
    if not whole:
        monkeypatch.setattr("catalog.opendata_files.WHOLE_FILE_BYTES", 0)
    for url in FILES:
        packed, plain = client.get(url, headers=GZIP), client.get(url)
        assert packed.status_code == plain.status_code == 200
        assert packed["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
        packed_body, plain_body = body(packed), body(plain)
        assert gzip.decompress(packed_body) == plain_body, url
        assert int(packed["Content-Length"]) == len(packed_body) < len(plain_body)
        assert packed["Vary"] == plain["Vary"] == "Accept-Encoding"
        assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
        for header in ("Content-Type", "Content-Disposition", "Cache-Control", "Last-Modified"):
            assert packed[header] == plain[header], (url, header)
    assert len(list(folder.glob("*.csv.gz"))) == 2


@pytest.mark.parametrize(
    "accept_encoding",
    [None, "", "gzip;q=0", "GZIP; Q=0.000, deflate", "*;q=0", "br", "gzip;q=x", "gzip;q=1.5"],
)
def test_a_client_refusing_or_not_naming_gzip_gets_the_file_itself(
    client, folder, catalogue, accept_encoding
):
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    response = client.get("/api/offerings.csv", headers=headers)
    assert response.status_code == 200 and b'"Host ""One"", Inc."' in body(response)
    assert not response.has_header("Content-Encoding") and response["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize(
    "accept_encoding", ["gzip", "x-gzip", "*", "br;q=1, gzip;q=0.1", "*, gzip;q=0.001"]
)
def test_gzip_by_name_alias_or_wildcard_above_zero(client, folder, catalogue, accept_encoding):
    response = client.get("/api/offerings.csv", headers={"Accept-Encoding": accept_encoding})
    assert response["Content-Encoding"] == "gzip"
    assert b'"Host ""One"", Inc."' in gzip.decompress(body(response))


def test_a_range_request_gets_the_file_itself(client, folder, catalogue, streamed_files):
    response = client.get("/api/offerings.csv", headers={**GZIP, "Range": "bytes=0-99"})
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert body(response) == body(client.get("/api/offerings.csv"))  # whole: no 206 is made


@pytest.mark.parametrize("whole", [True, False])
def test_each_representations_etag_answers_304_to_its_own_clients(
    client, folder, catalogue, monkeypatch, whole
):
    if not whole:
        monkeypatch.setattr("catalog.opendata_files.WHOLE_FILE_BYTES", 0)
    packed_etag = client.get("/api/offerings.csv", headers=GZIP)["ETag"]
    plain_etag = client.get("/api/offerings.csv")["ETag"]
    assert packed_etag != plain_etag
    again = client.get("/api/offerings.csv", headers={**GZIP, "If-None-Match": packed_etag})
    assert again.status_code == 304 and again["ETag"] == packed_etag
    assert again["Vary"] == "Accept-Encoding" and not body(again)
    head = client.head("/api/offerings.csv", headers={**GZIP, "If-None-Match": packed_etag})
    assert head.status_code == 304
    # A client that no longer accepts gzip has no stored copy it can use: the file itself.
    refused = client.get("/api/offerings.csv", headers={"If-None-Match": packed_etag})
    assert refused.status_code == 200 and refused["ETag"] == plain_etag
    assert (
        client.get("/api/offerings.csv", headers={"If-None-Match": plain_etag}).status_code == 304
    )


def test_head_names_the_gzip_copy_without_a_body(client, folder, catalogue, streamed_files):
    get = client.get("/api/offerings.csv", headers=GZIP)
    head = client.head("/api/offerings.csv", headers=GZIP)
    assert head.status_code == 200 and not body(head)
    for header in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head[header] == get[header], header


def test_the_stream_fallback_stays_plain(client, settings, catalogue):
    """With no folder to store files in, every download is streamed, without coding."""
    settings.OPEN_DATA_DIR = ""
    response = client.get("/api/offerings.csv", headers=GZIP)
    assert response.status_code == 200 and response.streaming
    assert not response.has_header("Content-Encoding")
    assert b'"Host ""One"", Inc."' in body(response)
