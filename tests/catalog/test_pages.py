"""The catalogue's public pages: published data only, 404 otherwise, fixed query counts."""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog.models import License, Provider
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    CapabilityFactory,
    FactSourceFactory,
    FaqEntryFactory,
    LabFactory,
    LanguageModelFactory,
    LicenseFactory,
    ModelAliasFactory,
    ModelCapabilityFactory,
    ModelFamilyFactory,
    OfferingFactory,
    ProviderFactory,
)
from tests.layers import committed

pytestmark = pytest.mark.django_db

SIZES = [3, 60]


def build_catalogue(size: int) -> list:
    """``size`` published models of one lab and family, each with two routes, an alias, a
    capability, a benchmark result, a fact source and an FAQ entry; plus one draft."""
    lab = LabFactory(slug="lab-a", name="Lab A")
    family = ModelFamilyFactory(lab=lab, slug="family-a", name="Family A")
    first_party = ProviderFactory(
        slug="lab-a-api", name="Lab A API", kind=Provider.Kind.FIRST_PARTY, lab=lab
    )
    host = ProviderFactory(slug="host", name="Host")
    capabilities = [CapabilityFactory(slug=f"cap-{i}", name=f"Cap {i}") for i in range(3)]
    benchmark = BenchmarkFactory(slug="bench", name="Bench")
    open_license = LicenseFactory()
    models = []
    for i in range(size):
        model = LanguageModelFactory(
            lab=lab,
            family=family,
            license=open_license if i % 2 else None,
            context_window_tokens=1000 * (i + 1),
        )
        if not i % 2:
            model.license = None
        ModelAliasFactory(model=model)
        OfferingFactory(model=model, provider=first_party)
        OfferingFactory(model=model, provider=host, input_usd_per_mtok=Decimal(i))
        ModelCapabilityFactory(model=model, capability=capabilities[i % 3])
        BenchmarkResultFactory(model=model, benchmark=benchmark, score=Decimal(i))
        FactSourceFactory(model=model)
        FaqEntryFactory(model=model)
        models.append(model)
    LanguageModelFactory(lab=lab, family=family, is_published=False, name="Draft model")
    FaqEntryFactory(model=None, question="Site question?")
    return models


def page_urls(models) -> list[str]:
    model = models[0]
    return [
        "/",
        reverse("catalog:model-list"),
        reverse("catalog:model-list") + "?q=model&openness=open-weights&sort=-input_price",
        reverse("catalog:model-list") + "?sort=monthly_cost&page=2",
        reverse("catalog:model-list") + "?sort=-monthly_cost&page=2",
        reverse("catalog:model-list")
        + "?capability=cap-1&capability=cap-2&provider=host&lab=lab-a&license=apache-2-0",
        model.get_absolute_url(),
        model.lab.get_absolute_url(),
        reverse("catalog:provider-list"),
        reverse("catalog:provider-detail", args=["host"]),
        reverse("catalog:benchmark-list"),
        reverse("catalog:benchmark-detail", args=["bench"]) + "?sort=model",
        reverse("faq"),
        "/sitemap.xml",
        "/feeds/models/",
        "/feeds/prices/",
    ]


# One budget per page, whatever the catalogue's size (3 or 60 models); each counts the
# page cache's read of the catalogue version.
BUDGETS = {
    # featured comparisons (2), most compared: visits and their models (2), the cheapest model
    # of every capability tier (2: the candidates' ids and tiers, the models chosen), price
    # changes, new models, the model count
    "/": 9,
    # the directory: the traffic bar's presets, the headline benchmark, the four filters'
    # choices (labs, providers, licenses, capabilities: one query), the page's ids with the
    # count, its rows (their capabilities, score and monthly cost come with them)
    "/models/": 6,
    # filtered or searched: the page's ids come with the count (catalog.pagination)
    "/models/?q=model&openness=open-weights&sort=-input_price": 6,
    # by monthly cost: one more, the page's bounds (comparisons.pricing.cost_page)
    "/models/?sort=monthly_cost&page=2": 8,
    "/models/?sort=-monthly_cost&page=2": 8,
    # no model has both capabilities: no ids or rows to read
    "/models/?capability=cap-1&capability=cap-2&provider=host&lab=lab-a&license=apache-2-0": 5,
    # a model page: the model with its own rows (sources, API ids, FAQ entries), its routes
    # with their price records, family, capabilities, benchmark places, nearest models
    "model-detail": 7,
    "lab-detail": 4,  # the lab, its models (a page of them, and their count)
    "/providers/": 3,  # the providers, then their routes counted in one query
    "/providers/host/": 4,
    "/benchmarks/": 2,
    # the ranking (a count and a page), the other results (a count: none here), the chart
    "/benchmarks/bench/?sort=model": 6,
    # editors' entries, the "cheapest" tiers (2), largest context, longest output, the top
    # scores (the headline benchmark and its models), open weights with function calling
    "/faq/": 9,
    "/sitemap.xml": 10,
    "/feeds/models/": 2,
    "/feeds/prices/": 2,
}


def budget_for(url: str) -> int:
    if url in BUDGETS:
        return BUDGETS[url]
    if url.startswith("/models/"):
        return BUDGETS["model-detail"]
    return BUDGETS["lab-detail"]


@pytest.mark.parametrize("size", SIZES)
def test_every_page_has_a_fixed_query_count(client, size, django_assert_max_num_queries):
    with committed():
        models = build_catalogue(size)
    for url in page_urls(models):
        with django_assert_max_num_queries(budget_for(url)):
            response = client.get(url)
        assert response.status_code == 200, url


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.canonical = ""

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]


def test_every_page_has_one_h1_ordered_headings_a_canonical_title_and_description(client):
    models = build_catalogue(3)
    for url in page_urls(models):
        if url.endswith((".xml", "/feeds/models/", "/feeds/prices/")):
            continue
        response = client.get(url)
        outline = Outline()
        outline.feed(response.text)
        assert outline.headings.count(1) == 1, url
        assert outline.headings[0] == 1, url
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} then h{after}"
        assert outline.canonical == "http://testserver" + url.split("?")[0], url
        assert re.search(r"<title>[^<]+ · ModelRef</title>", response.text), url
        assert re.search(r'<meta name="description" content="[^"]{20,}">', response.text), url
        assert not re.search(r'<meta [^>]*content="\s*"', response.text), url  # none empty


def test_home_has_search_quick_filters_and_recent_models(client):
    new = LanguageModelFactory(name="Brand New", release_date=dt.date(2026, 11, 1))
    LanguageModelFactory(name="Hidden Draft", is_published=False)
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert 'action="/models/"' in text and 'name="q"' in text and 'for="home-q"' in text
    assert "/models/?openness=open-weights&amp;sort=blended_price" in text
    assert "/models/?capability=vision&amp;sort=blended_price" in text
    assert new.name in text and "Hidden Draft" not in text
    assert reverse("admin:index") in text


def test_home_lists_featured_comparisons(client):
    from tests.factories import CuratedComparisonFactory

    a, b = LanguageModelFactory(name="Alpha"), LanguageModelFactory(name="Beta")
    comparison = CuratedComparisonFactory(language_models=[a, b], is_featured=True)
    response = client.get("/")
    assert comparison.get_absolute_url() in response.text


def test_model_page_shows_prices_and_unknowns(client):
    model = LanguageModelFactory(name="Alpha One", max_output_tokens=None)
    OfferingFactory(model=model, provider_model_id="alpha-1", output_usd_per_mtok=None)
    BenchmarkResultFactory(model=model)
    response = client.get(model.get_absolute_url())
    assert response.status_code == 200
    assert "Alpha One" in response.text and "alpha-1" in response.text
    assert "unknown" in response.text


def test_draft_and_unknown_pages_are_404(client):
    draft = LanguageModelFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/models/no-such-model/").status_code == 404
    assert client.get("/labs/no-such-lab/").status_code == 404
    assert client.get("/providers/no-such-provider/").status_code == 404
    assert client.get("/benchmarks/no-such-benchmark/").status_code == 404


def test_lab_page_groups_published_models_by_family(client):
    lab = LabFactory(name="Lab Z", slug="lab-z")
    big = ModelFamilyFactory(lab=lab, name="Big Family", slug="big")
    small = ModelFamilyFactory(lab=lab, name="Small Family", slug="small")
    LanguageModelFactory(lab=lab, family=big, name="Big One")
    LanguageModelFactory(lab=lab, family=small, name="Small One")
    LanguageModelFactory(lab=lab, family=None, name="Loner")
    LanguageModelFactory(lab=lab, family=big, name="Secret", is_published=False)
    text = client.get(lab.get_absolute_url()).text
    assert 'id="family-big"' in text and 'id="family-small"' in text
    assert text.index("Big Family") < text.index("Big One") < text.index("Small Family")
    assert text.index("Small One") < text.index("Other models") < text.index("Loner")
    assert "Secret" not in text


def test_provider_pages_list_what_is_served_and_at_what_price(client):
    provider = ProviderFactory(name="Host X", slug="host-x")
    served = OfferingFactory(
        provider=provider,
        provider_model_id="x/alpha",
        input_usd_per_mtok=Decimal("0.25"),
        cached_input_usd_per_mtok=Decimal("0.025"),
        batch_discount_percent=Decimal(50),
    )
    OfferingFactory(provider=provider, model__is_published=False, provider_model_id="x/draft")
    OfferingFactory(provider=provider, status="retired", provider_model_id="x/retired")
    listing = client.get(reverse("catalog:provider-list")).text
    assert "Host X" in listing and provider.get_absolute_url() in listing
    detail = client.get(provider.get_absolute_url()).text
    assert served.model.name in detail and "x/alpha" in detail
    assert "$0.25" in detail and "$0.025" in detail and "$0.125" in detail  # batch: 50% off
    assert "x/draft" not in detail and "x/retired" not in detail


def test_the_provider_list_counts_each_served_model_once_with_its_lowest_input_price(client):
    host = ProviderFactory(name="Host Y", slug="host-y")
    alpha = LanguageModelFactory()
    for model_id, price in (("y/alpha", "2"), ("y/alpha-fast", "0.5")):  # one model twice
        OfferingFactory(
            provider=host,
            model=alpha,
            provider_model_id=model_id,
            input_usd_per_mtok=Decimal(price),
        )
    OfferingFactory(provider=host, provider_model_id="y/beta", input_usd_per_mtok=Decimal(3))
    OfferingFactory(  # cheaper, but retired or of a draft model: not counted
        provider=host,
        status="retired",
        provider_model_id="y/old",
        input_usd_per_mtok=Decimal("0.1"),
    )
    OfferingFactory(
        provider=host,
        model__is_published=False,
        provider_model_id="y/draft",
        input_usd_per_mtok=Decimal("0.1"),
    )
    (listed,) = [p for p in client.get("/providers/").context["object_list"] if p.pk == host.pk]
    assert (listed.model_count, listed.lowest_input_usd_per_mtok) == (2, Decimal("0.5"))


def test_benchmark_pages_rank_and_sort(client):
    benchmark = BenchmarkFactory(name="Bench Q", slug="bench-q")
    low = BenchmarkResultFactory(benchmark=benchmark, score=Decimal(40), model__name="Zed")
    high = BenchmarkResultFactory(benchmark=benchmark, score=Decimal(90), model__name="Amy")
    BenchmarkResultFactory(
        benchmark=benchmark, score=Decimal(99), model__name="Draft", model__is_published=False
    )
    assert "Bench Q" in client.get(reverse("catalog:benchmark-list")).text
    text = client.get(benchmark.get_absolute_url()).text
    assert text.index("Amy") < text.index("Zed") and "Draft" not in text
    assert low.source_url in text
    by_name_desc = client.get(benchmark.get_absolute_url() + "?sort=-model").text
    assert by_name_desc.index("Zed") < by_name_desc.index("Amy")
    worst_first = client.get(benchmark.get_absolute_url() + "?sort=score").text
    assert worst_first.index("Zed") < worst_first.index("Amy")
    bad = client.get(benchmark.get_absolute_url() + "?sort=nonsense")
    assert bad.status_code == 200 and "That sort order" in bad.text
    assert bad.text.index(high.model.name) < bad.text.index(low.model.name)


def test_lower_is_better_benchmarks_rank_the_lowest_first(client):
    benchmark = BenchmarkFactory(slug="errors", higher_is_better=False)
    BenchmarkResultFactory(benchmark=benchmark, score=Decimal(40), model__name="Worse")
    BenchmarkResultFactory(benchmark=benchmark, score=Decimal(10), model__name="Better")
    text = client.get(benchmark.get_absolute_url()).text
    assert text.index("Better") < text.index("Worse")


def test_open_weights_help_text_says_open_source_is_included(client):
    text = client.get(reverse("catalog:model-list")).text
    assert "open-source models included" in text
    assert License.Openness.OPEN_WEIGHTS.value in text


def test_benchmark_page_charts_price_against_score_with_the_frontier(client):
    from decimal import Decimal

    from tests.factories import BenchmarkFactory

    benchmark = BenchmarkFactory(name="Hard Bench")
    for name, score, price in (("Cheap", "40", "1"), ("Strong", "80", "10"), ("Worse", "30", "5")):
        model = LanguageModelFactory(name=name)
        OfferingFactory(
            model=model, input_usd_per_mtok=Decimal(price), output_usd_per_mtok=Decimal(price)
        )
        BenchmarkResultFactory(model=model, benchmark=benchmark, score=Decimal(score))
    response = client.get(benchmark.get_absolute_url())
    assert "<svg" in response.text
    assert [p.label for p in response.context["frontier"]] == ["Cheap", "Strong"]
    assert [p.label for p in response.context["points"]] == ["Cheap", "Worse", "Strong"]


def test_navigation_has_pricing_once_and_editors_only_in_the_footer(client):
    text = client.get("/").text
    nav = text[text.index('<nav aria-label="Main">') : text.index("</nav>")]
    assert nav.count(">Pricing</a>") == 1 and "/pricing/" in nav
    assert "Editors" not in nav and reverse("admin:index") not in nav
    footer = text[text.index('<footer class="site-footer">') :]
    assert reverse("admin:index") in footer
