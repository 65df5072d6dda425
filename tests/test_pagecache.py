"""HTTP caching of anonymous pages (modelref.pagecache) and the catalogue version behind it."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from catalog.models import CatalogueVersion, FaqEntry, ImportRun, LanguageModel
from catalog.version import Stamp, bump_catalogue_version, current_version
from modelref.pagecache import Validators, is_public
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    FaqEntryFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
    UseCaseFactory,
)

pytestmark = pytest.mark.django_db

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600"


@pytest.fixture
def catalogue(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        model = LanguageModelFactory(slug="alpha", name="Alpha", lab__slug="lab-x")
        other = LanguageModelFactory(slug="beta", name="Beta")
        host = ProviderFactory(slug="host", name="Host")
        offering = OfferingFactory(model=model, provider=host)
        OfferingFactory(model=other, provider=host)
        bench = BenchmarkFactory(slug="bench")
        BenchmarkResultFactory(model=model, benchmark=bench)
        BenchmarkResultFactory(model=other, benchmark=bench)
        FaqEntryFactory(model=None, question="Site question?")
    return {"model": model, "offering": offering}


@pytest.fixture
def page_cache(settings):
    """The default backend (each process's memory), on for this test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def public_urls(catalogue) -> list[str]:
    """Every public page type."""
    return [
        "/",
        "/models/",
        "/models/?q=alpha",
        "/models/alpha/",
        "/compare/alpha-vs-beta/",
        "/labs/lab-x/",
        "/providers/",
        "/providers/host/",
        "/benchmarks/",
        "/benchmarks/bench/",
        "/faq/",
        "/compare/",
        "/pricing/",
        reverse("comparisons:route-history", args=[catalogue["offering"].pk]),
        "/sitemap.xml",
        "/robots.txt",
        "/feeds/models/",
        "/feeds/prices/atom/",
        "/api/models.json",
        "/api/models.csv",
        "/api/offerings.csv",
    ]


def test_every_public_page_is_cacheable_and_answers_304(client, catalogue):
    for url in public_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == CACHE_CONTROL, url
        assert not response.cookies, url  # no cookie for a visitor who has none
        assert "Cookie" not in response.get("Vary", ""), url
        etag, last_modified = response["ETag"], response["Last-Modified"]

        by_etag = client.get(url, headers={"if-none-match": etag})
        assert (by_etag.status_code, by_etag.content, by_etag["ETag"]) == (304, b"", etag), url
        assert by_etag["Cache-Control"] == CACHE_CONTROL, url
        by_date = client.get(url, headers={"if-modified-since": last_modified})
        assert by_date.status_code == 304, url
        other = client.get(url, headers={"if-none-match": '"another-version"'})
        assert other.status_code == 200, url


def test_every_public_page_is_served_again_from_the_page_cache(client, catalogue, page_cache):
    """The second visitor gets the first one's page, streamed open data (CSV) included:
    a streamed response is served but never stored (its body cannot be kept)."""
    for url in public_urls(catalogue):
        first = client.get(url)
        body = b"".join(first.streaming_content) if first.streaming else first.content
        second = client.get(url)
        again = b"".join(second.streaming_content) if second.streaming else second.content
        assert (first.status_code, second.status_code) == (200, 200), url
        assert again == body and body, url
        assert second["ETag"] == first["ETag"], url


def test_head_answers_304_too(client, catalogue):
    etag = client.get("/models/")["ETag"]
    assert client.head("/models/", headers={"if-none-match": etag}).status_code == 304


def test_a_conditional_get_of_a_current_page_costs_one_query(
    client, catalogue, django_assert_num_queries
):
    etag = client.get("/pricing/")["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/pricing/", headers={"if-none-match": etag}).status_code == 304


def test_a_response_that_sets_a_cookie_or_varies_on_it_is_not_public():
    assert is_public(HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    varies = HttpResponse("page")
    varies["Vary"] = "Cookie"
    nonce = HttpResponse("page")
    nonce["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
    private = HttpResponse("page")
    private["Cache-Control"] = "private"
    for response in (with_cookie, varies, nonce, private, HttpResponse("gone", status=404)):
        assert not is_public(response)


def test_admin_and_posts_pass_through(client, catalogue):
    assert "ETag" not in client.get("/admin/login/")
    assert "ETag" not in client.post("/api/models.json")


def test_an_edit_shows_at_once_and_a_write_without_bump_does_not(
    client, catalogue, page_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    model = catalogue["model"]
    assert "Alpha" in client.get("/models/").text
    with django_assert_num_queries(1):  # the version; the page comes from the cache
        assert "Alpha" in client.get("/models/").text

    # A bulk write that does not bump is not seen: proof the page came from the cache.
    LanguageModel.objects.filter(pk=model.pk).update(name="Alpha Renamed")
    assert "Alpha Renamed" not in client.get("/models/").text

    # An editor's save bumps the version once committed: the next visitor gets a fresh page.
    model.refresh_from_db()
    model.name = "Alpha Prime"
    with django_capture_on_commit_callbacks(execute=True):
        model.save()
    assert "Alpha Prime" in client.get("/models/").text


def test_each_query_string_is_a_page_of_its_own(client, catalogue, page_cache):
    assert "Beta" not in client.get("/models/?q=alpha").text
    assert "Beta" in client.get("/models/?q=beta").text


def test_logged_in_editors_bypass_the_cache(editor_client, catalogue, page_cache):
    anonymous = Client()
    assert "Alpha" in anonymous.get("/models/").text
    LanguageModel.objects.filter(slug="alpha").update(name="Alpha Draft Name")
    response = editor_client.get("/models/")
    assert "Alpha Draft Name" in response.text
    assert "ETag" not in response
    assert "Alpha Draft Name" not in anonymous.get("/models/").text


def test_a_visitor_with_only_a_csrf_cookie_is_served_from_the_cache(client, catalogue, page_cache):
    assert "Site question?" in client.get("/faq/").text
    FaqEntry.objects.filter(question="Site question?").update(question="Changed question?")
    client.cookies["csrftoken"] = "x" * 32
    response = client.get("/faq/")
    assert "Site question?" in response.text and response["ETag"]
    assert not response.cookies


def test_the_version_is_bumped_once_per_transaction_and_not_on_rollback(
    catalogue, django_capture_on_commit_callbacks
):
    before = current_version().number
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for name in ("One", "Two", "Three"):
            LanguageModelFactory(name=name)
        bump_catalogue_version()
    assert current_version().number == before + 1
    assert len(callbacks) >= 4  # one per write, of which only the first bumps


def test_writes_to_unpublished_bookkeeping_do_not_bump(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ImportRun.objects.create(source=ImportRun.Source.MODELS_DEV, path="x")
    assert callbacks == []


def test_many_to_many_changes_bump(catalogue, django_capture_on_commit_callbacks):
    use_case = UseCaseFactory()
    before = current_version().number
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["model"].use_cases.add(use_case)
    assert current_version().number == before + 1


def test_the_etag_changes_with_the_version_and_with_the_day():
    changed = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    base = Validators.of(Stamp(7, changed), now)
    assert Validators.of(Stamp(7, changed), now + dt.timedelta(hours=14)).etag == base.etag
    assert Validators.of(Stamp(8, changed), now).etag != base.etag
    next_day = Validators.of(Stamp(7, changed), now + dt.timedelta(days=1))
    assert next_day.etag != base.etag and next_day.key_prefix != base.key_prefix
    # Stale flags turn over at midnight, so a page is never older than today's start.
    assert base.last_modified == dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    later = dt.datetime(2026, 11, 30, 8, 15, 42, 123, tzinfo=dt.UTC)
    assert Validators.of(Stamp(8, later), now).last_modified == later.replace(microsecond=0)


def test_a_missing_version_row_reads_as_zero(catalogue):
    CatalogueVersion.objects.all().delete()
    stamp = current_version()
    assert (stamp.number, stamp.changed_at) == (0, None)


def test_the_stamp_carries_the_earliest_route_summary_date_and_none_without_models(db):
    from catalog.version import routes_hold_until

    assert current_version().routes_hold_until is None and routes_hold_until() is None
    for slug, until in (("later", dt.date(2026, 12, 9)), ("earlier", dt.date(2026, 12, 3))):
        model = LanguageModelFactory(slug=slug)
        LanguageModel.objects.filter(pk=model.pk).update(route_summary_until=until)
    assert current_version().routes_hold_until == dt.date(2026, 12, 3)
    assert routes_hold_until() == dt.date(2026, 12, 3)
