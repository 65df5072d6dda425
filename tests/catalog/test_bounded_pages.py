"""Long lists are paginated with stable links, the sitemap is an index of sections, and the
open data comes in pages (JSON) or streams (CSV): no response grows with the catalogue."""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from catalog import api, benchmark_page, opendata, sitemaps, views
from catalog.models import BenchmarkResult, BenchmarkSetting, LanguageModel
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LabFactory,
    LanguageModelFactory,
    ModelFamilyFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def five_models(monkeypatch):
    """Five published models of one lab, each served by one host and scored on one benchmark;
    page sizes of two, so three pages (2 + 2 + 1)."""
    lab = LabFactory(slug="lab-p", name="Lab P")
    host = ProviderFactory(slug="host", name="Host")
    bench = BenchmarkFactory(slug="bench", name="Bench")
    for n in range(5):
        model = LanguageModelFactory(slug=f"m-{n}", name=f"Model {n}", lab=lab)
        OfferingFactory(model=model, provider=host, provider_model_id=f"route-{n}")
        BenchmarkResultFactory(model=model, benchmark=bench, score=Decimal(50 + n))
    LanguageModelFactory(slug="draft", name="Model Draft", lab=lab, is_published=False)
    for name in ("ROUTES_PER_PAGE", "LAB_MODELS_PER_PAGE"):
        monkeypatch.setattr(views, name, 2)
    monkeypatch.setattr(api, "PAGE_SIZE", 2)


def names_on(response) -> list[str]:
    return [f"Model {n}" for n in range(5) if f">Model {n}<" in response.text]


@pytest.mark.parametrize(
    ("url", "pages"),
    [
        ("/providers/host/", [["Model 0", "Model 1"], ["Model 2", "Model 3"], ["Model 4"]]),
        ("/labs/lab-p/", [["Model 0", "Model 1"], ["Model 2", "Model 3"], ["Model 4"]]),
    ],
)
def test_long_lists_are_paginated_with_stable_links(client, five_models, url, pages):
    for number, expected in enumerate(pages, start=1):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200
        assert names_on(response) == expected, (url, number)
        assert f"Page {number} of 3" in response.text
    first = client.get(url)
    assert names_on(first) == pages[0]
    assert 'href="?page=2" rel="next"' in first.text
    last = client.get(f"{url}?page=3")
    assert 'href="?page=2" rel="prev"' in last.text and 'rel="next"' not in last.text


@pytest.mark.parametrize("number", ["99", "abc", "-1"])
def test_a_bad_page_number_shows_a_page(client, five_models, number):
    response = client.get(f"/providers/host/?page={number}")
    assert response.status_code == 200
    # Not a number: the first page; out of range (either way): the last.
    expected = ["Model 0", "Model 1"] if number == "abc" else ["Model 4"]
    assert names_on(response) == expected


def test_json_open_data_comes_in_pages_with_links(client, five_models):
    first = client.get("/api/models.json").json()
    assert (first["count"], first["page"], first["pages"], first["page_size"]) == (5, 1, 3, 2)
    assert [m["slug"] for m in first["models"]] == ["m-0", "m-1"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/models.json?page=2"
    last = client.get("/api/models.json?page=3").json()
    assert [m["slug"] for m in last["models"]] == ["m-4"]
    assert last["next"] is None and last["previous"] == "http://testserver/api/models.json?page=2"


def test_benchmark_results_come_in_pages_by_benchmark_model_and_setting(client, five_models):
    """Results of every benchmark in one paged list (a benchmark's row only counts them, so
    no row grows with the catalogue): by benchmark slug, then model slug, then setting."""
    m_4 = LanguageModel.objects.get(slug="m-4")
    bench = BenchmarkResult.objects.get(model=m_4).benchmark
    BenchmarkResultFactory(
        model=m_4, benchmark=BenchmarkFactory(slug="a-bench"), score=Decimal("1.5")
    )
    BenchmarkResultFactory(
        model=m_4,
        benchmark=bench,
        setting=BenchmarkSetting.WITH_TOOLS,
        score=Decimal(90),
    )
    pages = [client.get(f"/api/benchmark-results.json?page={n}").json() for n in (1, 2, 3, 4)]
    assert [(p["count"], p["pages"], p["page_size"]) for p in pages[:1]] == [(7, 4, 2)]
    rows = [
        [(r["benchmark"], r["model"], r["setting"], r["ranked"]) for r in p["results"]]
        for p in pages
    ]
    assert rows == [
        [("a-bench", "m-4", "standard", True), ("bench", "m-0", "standard", True)],
        [("bench", "m-1", "standard", True), ("bench", "m-2", "standard", True)],
        [("bench", "m-3", "standard", True), ("bench", "m-4", "standard", True)],
        [("bench", "m-4", "with-tools", False)],
    ]
    assert pages[3]["next"] is None
    assert pages[3]["previous"] == "http://testserver/api/benchmark-results.json?page=3"
    benchmarks = client.get("/api/benchmarks.json").json()["benchmarks"]
    assert [(b["slug"], b["result_count"]) for b in benchmarks] == [("a-bench", 1), ("bench", 6)]


@pytest.mark.parametrize("models_per_chunk", [2, 6, 7])
def test_csv_open_data_streams_every_row_in_order(
    client, five_models, monkeypatch, models_per_chunk, django_assert_num_queries
):
    """A chunk of models at a time (2 + 2 + 2, one chunk of all six, or of more than there
    are), by slug even where ids run otherwise: every route once, in the JSON's order (model,
    provider, provider's id), one query per chunk."""
    monkeypatch.setattr(opendata, "MODELS_PER_CHUNK", models_per_chunk)
    late = LanguageModelFactory(slug="m-00", name="Model 00")  # the last id, the second slug
    OfferingFactory(model=late, provider=ProviderFactory(slug="host-2"), provider_model_id="late")
    OfferingFactory(
        model=LanguageModel.objects.get(slug="m-1"),
        provider=ProviderFactory(slug="a-host"),
        provider_model_id="zz-first-of-m-1",
    )
    chunks = -(-6 // models_per_chunk)
    with django_assert_num_queries(2 + chunks):  # the version, the models' ids, the chunks
        response = client.get("/api/offerings.csv")
        assert response.status_code == 200 and response.streaming
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["ETag"] and "public" in response["Cache-Control"]
    assert rows[0][:3] == ["model", "model_name", "provider"]
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("m-0", "route-0"),
        ("m-00", "late"),
        ("m-1", "zz-first-of-m-1"),  # provider a-host before host
        ("m-1", "route-1"),
        ("m-2", "route-2"),
        ("m-3", "route-3"),
        ("m-4", "route-4"),
    ]


def test_the_sitemap_is_an_index_of_sections_split_into_pages(client, five_models, monkeypatch):
    monkeypatch.setattr(sitemaps.LanguageModelSitemap, "limit", 2)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall(".//s:loc", NS)]
    assert "http://testserver/sitemap-models.xml?p=3" in sections
    assert "http://testserver/sitemap-pages.xml" in sections
    assert "http://testserver/sitemap-models.xml?p=4" not in sections
    page = ET.fromstring(client.get("/sitemap-models.xml?p=3").content)
    assert [loc.text for loc in page.findall(".//s:loc", NS)] == ["http://testserver/models/m-4/"]


def test_the_sitemap_index_costs_a_fixed_number_of_queries(
    client, five_models, django_assert_num_queries
):
    # the version, a count per section built from the database (5), the latest change of the
    # two dated ones (2)
    with django_assert_num_queries(8):
        assert client.get("/sitemap.xml").status_code == 200


def test_a_large_family_shows_twelve_members_with_the_model_among_them(client):
    lab = LabFactory(slug="big-lab")
    family = ModelFamilyFactory(lab=lab, slug="big", name="Big")
    for n in range(14):
        LanguageModelFactory(
            slug=f"big-{n:02d}", name=f"Big {n:02d}", lab=lab, family=family, family_position=n
        )
    text = client.get("/models/big-13/").text
    section = text.partition('id="family"')[2].partition("</section>")[0]
    shown = [f"Big {n:02d}" for n in range(14) if f"Big {n:02d}" in section]
    assert shown == [*(f"Big {n:02d}" for n in range(11)), "Big 13"]
    assert "(12 of 14: " in section and 'href="/labs/big-lab/#family-big"' in section


def test_the_price_score_chart_shows_the_best_scoring_models_only(client, five_models, monkeypatch):
    monkeypatch.setattr(benchmark_page, "CHART_MODELS", 3)
    chart = client.get("/benchmarks/bench/").text.partition('id="price-score"')[2]
    shown = [f"Model {n}" for n in range(5) if f'<th scope="row">Model {n}</th>' in chart]
    assert shown == ["Model 2", "Model 3", "Model 4"]  # scores 52 to 54 of 50 to 54
    assert "the 3 best-scoring ones" in chart
