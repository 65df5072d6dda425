"""Open data: /api/*.json and *.csv — published data only, provenance, caching, query budget."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog import api
from catalog.version import bump_catalogue_version
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    FactSourceFactory,
    LanguageModelFactory,
    ModelAliasFactory,
    ModelCapabilityFactory,
    OfferingFactory,
    ProviderFactory,
)
from tests.layers import committed

pytestmark = pytest.mark.django_db

JSON_ENDPOINTS = ("api-models", "api-providers", "api-offerings", "api-benchmarks", "api-results")
CSV_ENDPOINTS = ("api-models-csv", "api-offerings-csv")
ENDPOINTS = JSON_ENDPOINTS + CSV_ENDPOINTS


def url(name: str) -> str:
    return reverse(f"catalog:{name}")


def text_of(response) -> str:
    """The body of a JSON answer or of a streamed CSV file."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def catalogue():
    published = LanguageModelFactory(
        slug="pub",
        name="Published",
        source_url="https://example.com/card",
        last_reviewed_on=dt.date(2026, 11, 1),
    )
    draft = LanguageModelFactory(slug="draft", name="Draft", is_published=False)
    host = ProviderFactory(slug="host", name="Host")
    hidden_host = ProviderFactory(slug="hidden-host", name="Hidden host")
    OfferingFactory(
        model=published,
        provider=host,
        provider_model_id="pub-1",
        input_usd_per_mtok=Decimal("0.80"),
        output_usd_per_mtok=Decimal("2.5"),
        source_url="https://host.example/pricing",
        last_verified_on=dt.date(2026, 11, 20),
    )
    OfferingFactory(model=draft, provider=hidden_host, provider_model_id="draft-1")
    FactSourceFactory(
        model=published, url="https://example.com/card#context", checked_on=dt.date(2026, 11, 2)
    )
    ModelAliasFactory(model=published, identifier="pub-latest")
    ModelCapabilityFactory(model=published, capability__slug="vision", capability__name="Vision")
    bench = BenchmarkFactory(slug="bench", name="Bench")
    BenchmarkFactory(slug="draft-only", name="Draft only")
    BenchmarkResultFactory(model=published, benchmark=bench, score=Decimal("71.5"))
    BenchmarkResultFactory(model=draft, benchmark=bench, score=Decimal("99"))
    BenchmarkResultFactory(
        model=draft, benchmark=BenchmarkFactory._meta.model.objects.get(slug="draft-only")
    )
    return published


def test_models_json_has_published_models_with_provenance(client, catalogue):
    response = client.get(url("api-models"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 1
    (model,) = data["models"]
    assert model["slug"] == "pub"
    assert model["url"] == "http://testserver/models/pub/"
    assert model["source_url"] == "https://example.com/card"
    assert model["last_reviewed_on"] == "2026-11-01"
    assert model["release_date"] == "2025-06-01"
    assert model["sources"] == [
        {
            "field": "context_window_tokens",
            "url": "https://example.com/card#context",
            "checked_on": "2026-11-02",
        }
    ]
    assert model["capabilities"] == {"vision": "yes"}
    assert model["aliases"] == [{"identifier": "pub-latest", "kind": "alias"}]
    assert model["cheapest_input_usd_per_mtok"] == "0.8"  # money as a decimal string
    assert model["cheapest_provider"] == "Host"


def test_offerings_json_prices_are_strings_with_source_and_date(client, catalogue):
    data = client.get(url("api-offerings")).json()
    (offering,) = data["offerings"]
    assert offering["model"] == "pub" and offering["provider"] == "host"
    assert offering["input_usd_per_mtok"] == "0.8"
    assert offering["output_usd_per_mtok"] == "2.5"
    assert offering["source_url"] == "https://host.example/pricing"
    assert offering["last_verified_on"] == "2026-11-20"
    assert offering["price_history"][0]["input_usd_per_mtok"] == "0.8"


def test_providers_and_benchmarks_only_cover_published_models(client, catalogue):
    providers = client.get(url("api-providers")).json()["providers"]
    assert [p["slug"] for p in providers] == ["host"]
    benchmarks = client.get(url("api-benchmarks")).json()["benchmarks"]
    assert [(b["slug"], b["result_count"]) for b in benchmarks] == [("bench", 1)]
    (result,) = client.get(url("api-results")).json()["results"]
    assert result["benchmark"] == "bench" and result["ranked"] is True
    assert result["model"] == "pub" and result["score"] == "71.5"
    assert result["source_url"] == "https://example.com/results"
    assert result["measured_on"] == "2025-06-01"


def test_nothing_of_a_draft_leaks(client, catalogue):
    for name in ENDPOINTS:
        body = text_of(client.get(url(name)))
        assert "draft" not in body.lower(), name


def test_csv_parses_with_the_csv_module(client, catalogue):
    response = client.get(url("api-models-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    assert [row["slug"] for row in rows] == ["pub"]
    assert rows[0]["context_window_tokens"] == "128000"
    assert rows[0]["cheapest_input_usd_per_mtok"] == "0.8"
    assert rows[0]["last_reviewed_on"] == "2026-11-01"

    rows = list(csv.DictReader(io.StringIO(text_of(client.get(url("api-offerings-csv"))))))
    assert len(rows) == 1
    assert rows[0]["provider_name"] == "Host"
    assert rows[0]["output_usd_per_mtok"] == "2.5"
    assert rows[0]["source_url"] == "https://host.example/pricing"
    assert rows[0]["last_verified_on"] == "2026-11-20"


def test_csv_keeps_commas_and_quotes_in_one_field(client):
    LanguageModelFactory(slug="odd", name='Model "X", large')
    rows = list(csv.reader(io.StringIO(text_of(client.get(url("api-models-csv"))))))
    assert rows[1][1] == 'Model "X", large'


@pytest.mark.parametrize("name", ENDPOINTS)
def test_caching_headers_and_conditional_get(client, catalogue, name):
    response = client.get(url(name))
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"

    by_etag = client.get(url(name), headers={"if-none-match": response["ETag"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get(url(name), headers={"if-modified-since": response["Last-Modified"]})
    assert by_date.status_code == 304
    stale = client.get(url(name), headers={"if-none-match": '"something-else"'})
    assert stale.status_code == 200


def test_etag_changes_when_a_price_changes(client, catalogue, django_capture_on_commit_callbacks):
    first = client.get(url("api-offerings"))["ETag"]
    assert client.get(url("api-offerings"))["ETag"] == first  # stable while nothing changes
    offering = catalogue.offerings.get()
    offering.input_usd_per_mtok = Decimal("0.90")
    with django_capture_on_commit_callbacks(execute=True):
        offering.save()
    response = client.get(url("api-offerings"), headers={"if-none-match": first})
    assert response.status_code == 200
    assert response["ETag"] != first
    assert response.json()["offerings"][0]["input_usd_per_mtok"] == "0.9"


def test_etag_changes_when_a_benchmark_result_is_edited(
    client, catalogue, django_capture_on_commit_callbacks
):
    first = client.get(url("api-results"))["ETag"]
    result = catalogue.benchmark_results.get()
    result.score = Decimal("72.5")
    with django_capture_on_commit_callbacks(execute=True):
        result.save()
    response = client.get(url("api-results"), headers={"if-none-match": first})
    assert response.status_code == 200
    assert response["ETag"] != first
    assert [r["score"] for r in response.json()["results"]] == ["72.5"]


def test_etag_changes_when_a_model_is_unpublished(
    client, catalogue, django_capture_on_commit_callbacks
):
    first = client.get(url("api-models"))["ETag"]
    catalogue.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.save()
    response = client.get(url("api-models"), headers={"if-none-match": first})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_etag_changes_when_a_bulk_update_bumps_the_version(
    client, catalogue, django_capture_on_commit_callbacks
):
    first = client.get(url("api-providers"))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        ProviderFactory._meta.model.objects.filter(slug="host").update(name="Host renamed")
        bump_catalogue_version()  # QuerySet.update sends no signal: bulk paths bump
    response = client.get(url("api-providers"), headers={"if-none-match": first})
    assert response.status_code == 200
    assert response.json()["providers"][0]["name"] == "Host renamed"


def test_post_is_not_allowed(client, catalogue):
    assert client.post(url("api-models")).status_code == 405


def build_catalogue(size: int) -> None:
    bench = BenchmarkFactory(slug="bench")
    for n in range(size):
        model = LanguageModelFactory(slug=f"m-{n:03d}", source_url="https://example.com/card")
        FactSourceFactory(model=model)
        ModelAliasFactory(model=model)
        ModelCapabilityFactory(model=model, capability__slug="vision")
        for _ in range(2):
            OfferingFactory(model=model)
        BenchmarkResultFactory(model=model, benchmark=bench)


# One query for the catalogue version (one more for the JSON's last_modified, and one to
# count its rows), then the data: a fixed count whatever the size (the CSV's: per chunk).
BUDGETS = {
    "api-models": 8,
    "api-providers": 4,
    "api-offerings": 5,
    "api-benchmarks": 4,
    "api-results": 4,
    "api-models-csv": 2,
    "api-offerings-csv": 3,  # the published models' ids, then a query per MODELS_PER_CHUNK
}


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_is_fixed(client, size, django_assert_num_queries, monkeypatch):
    with committed():
        build_catalogue(size)
    monkeypatch.setattr(api, "PAGE_SIZE", 2)  # both sizes fill more than a page
    for name in ENDPOINTS:
        with django_assert_num_queries(BUDGETS[name]):
            response = client.get(url(name))
            text_of(response)  # a streamed file queries as it is read
        assert response.status_code == 200, name
        with django_assert_num_queries(1):
            cached = client.get(url(name), headers={"if-none-match": response["ETag"]})
        assert cached.status_code == 304, name


def test_footer_links_the_open_data(client):
    text = client.get("/").text
    assert url("api-models") in text and url("api-offerings-csv") in text
