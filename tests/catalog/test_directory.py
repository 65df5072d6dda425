"""The model directory /models/: every filter alone and combined, sorting, pagination, errors."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import License, ModelCapability
from tests.factories import (
    CapabilityFactory,
    LabFactory,
    LanguageModelFactory,
    LicenseFactory,
    ModelCapabilityFactory,
    OfferingFactory,
    ProprietaryLicenseFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("catalog:model-list")


def listed(client, query: str = "", **params) -> list[str]:
    """Model names in the directory's table, in order."""
    response = client.get(URL + query, params)
    assert response.status_code == 200
    return re.findall(r'<a href="/models/[^/]+/">([^<]+)</a></span></th>', response.text)


@pytest.fixture
def catalogue():
    """Four models that differ on every filtered attribute."""
    apache = LicenseFactory()
    open_weights = LicenseFactory(
        name="Community",
        slug="community",
        spdx_id="",
        osi_approved=False,
        openness=License.Openness.OPEN_WEIGHTS,
        commercial_use=License.CommercialUse.CONDITIONS,
    )
    research = LicenseFactory(
        name="Research only",
        slug="research",
        spdx_id="",
        openness=License.Openness.OPEN_WEIGHTS,
        commercial_use=License.CommercialUse.NOT_ALLOWED,
    )
    proprietary = ProprietaryLicenseFactory()
    acme, globex = LabFactory(slug="acme", name="Acme"), LabFactory(slug="globex", name="Globex")
    host, cloud = ProviderFactory(slug="host"), ProviderFactory(slug="cloud")
    vision = CapabilityFactory(slug="vision", name="Vision")
    tools = CapabilityFactory(slug="function-calling", name="Function calling")
    models = {
        "Apex": LanguageModelFactory(
            name="Apex",
            slug="apex",
            lab=acme,
            license=proprietary,
            context_window_tokens=1_000_000,
            release_date=dt.date(2026, 3, 1),
            input_modalities=["text", "image", "pdf"],
        ),
        "Bolt": LanguageModelFactory(
            name="Bolt",
            slug="bolt",
            lab=acme,
            license=apache,
            context_window_tokens=128_000,
            release_date=dt.date(2025, 6, 1),
            input_modalities=["text", "audio"],
        ),
        "Crest": LanguageModelFactory(
            name="Crest",
            slug="crest",
            lab=globex,
            license=open_weights,
            context_window_tokens=32_000,
            release_date=dt.date(2024, 1, 1),
            input_modalities=["text", "image"],
        ),
        "Dune": LanguageModelFactory(
            name="Dune",
            slug="dune",
            lab=globex,
            license=research,
            context_window_tokens=None,
            release_date=None,
            input_modalities=["text", "video"],
        ),
    }
    LanguageModelFactory(name="Hidden", slug="hidden", is_published=False, lab=acme)
    prices = {"Apex": ("3", "15"), "Bolt": ("0.10", "0.40"), "Crest": ("0.50", "1.50")}
    for name, (inp, out) in prices.items():
        OfferingFactory(
            model=models[name],
            provider=host,
            input_usd_per_mtok=Decimal(inp),
            output_usd_per_mtok=Decimal(out),
        )
    OfferingFactory(model=models["Apex"], provider=cloud)
    OfferingFactory(model=models["Dune"], provider=cloud, status="retired")
    for name in ("Apex", "Crest"):
        ModelCapabilityFactory(model=models[name], capability=vision)
    ModelCapabilityFactory(model=models["Apex"], capability=tools)
    ModelCapabilityFactory(model=models["Bolt"], capability=tools)
    ModelCapabilityFactory(
        model=models["Crest"], capability=tools, support=ModelCapability.Support.NO
    )
    ModelCapabilityFactory(
        model=models["Dune"], capability=vision, support=ModelCapability.Support.UNKNOWN
    )
    return models


def test_lists_published_models_with_a_count(client, catalogue):
    response = client.get(URL)
    assert listed(client) == ["Apex", "Bolt", "Crest", "Dune"]
    assert "<strong>4</strong> models" in response.text
    assert "Hidden" not in response.text


def test_table_is_semantic_and_shows_every_column(client, catalogue):
    text = client.get(URL).text
    assert "<caption" in text and '<th scope="col"' in text and '<th scope="row">' in text
    for header in ("Lab", "Released", "Context", "Input $/1M", "Output $/1M", "License"):
        assert header in text
    assert "Open weights" in text and "Key capabilities" in text and "Providers" in text
    assert "$0.10" in text and "$0.40" in text  # Bolt's cheapest route
    assert "1,000,000" in text
    assert '<span class="tag">Vision</span>' in text
    assert text.count("<h1>") == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bolt"}, ["Bolt"]),
        ({"license": "apache-2-0"}, ["Bolt"]),
        ({"license": ["apache-2-0", "community"]}, ["Bolt", "Crest"]),
        ({"openness": "open-source"}, ["Bolt"]),
        ({"openness": "open-weights"}, ["Bolt", "Crest", "Dune"]),  # open source included
        ({"openness": "proprietary"}, ["Apex"]),
        ({"commercial_use": "allowed"}, ["Bolt"]),
        ({"commercial_use": "not-allowed"}, ["Dune"]),
        ({"min_context": "128000"}, ["Apex", "Bolt"]),
        ({"max_context": "128000"}, ["Bolt", "Crest"]),
        ({"lab": "globex"}, ["Crest", "Dune"]),
        ({"provider": "cloud"}, ["Apex"]),  # Dune's cloud route is retired
        ({"provider": "host"}, ["Apex", "Bolt", "Crest"]),
        ({"capability": "vision"}, ["Apex", "Crest"]),  # Dune's vision is unknown, not yes
        ({"capability": ["vision", "function-calling"]}, ["Apex"]),  # all of them
        ({"input_modality": "image"}, ["Apex", "Crest"]),
        ({"input_modality": "audio"}, ["Bolt"]),
        ({"input_modality": "video"}, ["Dune"]),
        ({"input_modality": "pdf"}, ["Apex"]),
        ({"max_input_price": "0.5"}, ["Bolt", "Crest"]),
        ({"max_output_price": "1"}, ["Bolt"]),
        ({"released_after": "2025-01-01"}, ["Apex", "Bolt"]),
        ({"released_before": "2025-06-01"}, ["Bolt", "Crest"]),
    ],
)
def test_each_filter_alone(client, catalogue, params, expected):
    assert listed(client, **params) == expected


def test_filters_combine(client, catalogue):
    assert listed(client, openness="open-weights", min_context="100000") == ["Bolt"]
    assert listed(
        client, lab="acme", capability="function-calling", max_input_price="5", provider="host"
    ) == ["Apex", "Bolt"]
    assert listed(
        client,
        openness="open-weights",
        input_modality="image",
        released_after="2023-01-01",
        released_before="2024-12-31",
        max_context="64000",
    ) == ["Crest"]
    assert listed(client, q="crest", lab="globex", openness="open-weights") == ["Crest"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Apex", "Bolt", "Crest", "Dune"]),
        ("-name", ["Dune", "Crest", "Bolt", "Apex"]),
        ("lab", ["Apex", "Bolt", "Crest", "Dune"]),
        ("release_date", ["Crest", "Bolt", "Apex", "Dune"]),
        ("-release_date", ["Apex", "Bolt", "Crest", "Dune"]),  # unknown last both ways
        ("context", ["Crest", "Bolt", "Apex", "Dune"]),
        ("-context", ["Apex", "Bolt", "Crest", "Dune"]),
        ("input_price", ["Bolt", "Crest", "Apex", "Dune"]),
        ("-input_price", ["Apex", "Crest", "Bolt", "Dune"]),
        ("output_price", ["Bolt", "Crest", "Apex", "Dune"]),
        ("-providers", ["Apex", "Bolt", "Crest", "Dune"]),
        ("providers", ["Dune", "Bolt", "Crest", "Apex"]),
    ],
)
def test_sorting_by_each_column_puts_unknown_last(client, catalogue, sort, expected):
    assert listed(client, sort=sort) == expected


def test_column_headers_link_to_sorting_and_toggle(client, catalogue):
    text = client.get(URL, {"sort": "context", "lab": "acme"}).text
    assert 'aria-sort="ascending"' in text
    assert (
        'href="?sort=-context&amp;lab=acme"' in text or 'href="?lab=acme&amp;sort=-context"' in text
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_context": "-5"}, "greater than or equal to 1"),
        ({"min_context": "abc"}, "Enter a whole number"),
        ({"max_context": "99999999999999"}, "less than or equal to"),
        ({"license": "no-such-license"}, "no-such-license is not one of the available choices"),
        ({"lab": "no-such-lab"}, "not one of the available choices"),
        ({"provider": "no-such-provider"}, "not one of the available choices"),
        ({"capability": "telepathy"}, "telepathy is not one of the available choices"),
        ({"openness": "kinda"}, "not one of the available choices"),
        ({"input_modality": "smell"}, "not one of the available choices"),
        ({"released_after": "2025-13-45"}, "Enter a valid date"),
        ({"released_before": "yesterday"}, "Enter a valid date"),
        ({"max_input_price": "-1"}, "greater than or equal to 0"),
        ({"max_output_price": "NaN"}, "Enter a number"),
        ({"max_output_price": "1e999"}, "less than or equal to"),
        ({"sort": "popularity"}, "popularity is not one of the available choices"),
        ({"q": "x" * 300}, "at most 100 characters"),
    ],
)
def test_invalid_values_show_the_page_with_a_message(client, catalogue, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert 'role="alert"' in response.text and "were ignored" in response.text
    assert message in response.text
    assert '<form method="get" class="filters"' in response.text
    assert listed(client, **params) == ["Apex", "Bolt", "Crest", "Dune"]  # the rest still shown


def test_an_invalid_value_leaves_the_valid_filters_applied(client, catalogue):
    assert listed(client, lab="acme", min_context="abc") == ["Apex", "Bolt"]


def test_no_match_says_so_and_offers_to_clear(client, catalogue):
    response = client.get(URL, {"lab": "acme", "input_modality": "video"})
    assert response.status_code == 200
    assert "No model matches these filters" in response.text
    assert f'<a href="{URL}">clear all filters</a>' in response.text
    assert "<strong>0</strong> models match" in response.text


def test_pagination_keeps_the_filters(client):
    lab = LabFactory(slug="big")
    for i in range(55):
        LanguageModelFactory(lab=lab, name=f"Model {i:02}")
    LanguageModelFactory(name="Elsewhere")
    first = client.get(URL, {"lab": "big", "sort": "-name"})
    assert "<strong>55</strong> models match" in first.text
    assert "Page 1 of 2" in first.text
    link = re.search(r'href="(\?[^"]*page=2[^"]*)" rel="next"', first.text).group(1)
    assert "lab=big" in link and "sort=-name" in link
    second = client.get(URL + link.replace("&amp;", "&"))
    assert listed(client, link.replace("&amp;", "&")) == [
        "Model 04",
        "Model 03",
        "Model 02",
        "Model 01",
        "Model 00",
    ]
    assert "Elsewhere" not in second.text
    assert 'rel="prev"' in second.text


def test_a_bad_page_number_shows_a_page(client, catalogue):
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"page": "999"}).status_code == 200


def test_compare_selected_is_a_plain_get_form_to_the_picker(client, catalogue):
    text = client.get(URL).text
    form = re.search(r'<form method="get" action="([^"]+)" id="compare-form">', text)
    assert form.group(1) == reverse("comparisons:picker")
    assert 'type="checkbox" name="models" value="apex" id="pick-apex"' in text
    assert 'id="pick-apex" aria-label="Compare Apex"' in text
    response = client.get(reverse("comparisons:picker"), {"models": ["bolt", "apex"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("comparisons:compare", args=["apex-vs-bolt"])


def test_every_form_control_is_labelled(client, catalogue):
    text = client.get(URL).text
    filters = text[text.index('class="filters"') : text.index("</form>")]
    for control_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', filters):
        assert f'for="{control_id}"' in filters, control_id


def test_search_ranks_before_the_default_order(client, catalogue):
    LanguageModelFactory(name="Bolt Mini", slug="bolt-mini")
    assert listed(client, q="bolt mini")[0] == "Bolt Mini"
    assert listed(client, q="bolt", sort="-name") == ["Bolt Mini", "Bolt"]


def test_sort_by_blended_price_weighs_input_three_to_one(client, catalogue):
    echo = LanguageModelFactory(name="Echo", slug="echo")
    OfferingFactory(
        model=echo,
        provider=ProviderFactory(slug="echo-host"),
        input_usd_per_mtok=Decimal("0.05"),  # the cheapest input of all...
        output_usd_per_mtok=Decimal("5"),  # ...but blended (0.15 + 5) / 4 = 1.2875
    )
    assert listed(client, sort="input_price")[:2] == ["Echo", "Bolt"]
    assert listed(client, sort="blended_price") == ["Bolt", "Crest", "Echo", "Apex", "Dune"]
    assert listed(client, sort="-blended_price") == ["Apex", "Echo", "Crest", "Bolt", "Dune"]
    text = client.get(URL, {"sort": "blended_price"}).text
    assert "$1.2875" in text and "$0.175" in text  # (3 x 0.10 + 0.40) / 4


def test_active_filters_are_chips_that_remove_themselves(client, catalogue):
    response = client.get(
        URL + "?lab=acme&capability=vision&capability=function-calling&min_context=100000"
    )
    assert response.status_code == 200
    chips = dict(re.findall(r'<a class="chip" href="\?([^"]*)"[^>]*>([^<]+)<span', response.text))
    by_label = {label.strip(): query.replace("&amp;", "&") for query, label in chips.items()}
    assert set(by_label) == {
        "Lab: Acme",
        "Capabilities: Vision",
        "Capabilities: Function calling",
        "Context at least: 100K tokens",
    }
    # Removing one capability keeps the other and every other filter.
    assert by_label["Capabilities: Vision"] == (
        "lab=acme&capability=function-calling&min_context=100000"
    )
    assert listed(client, "?" + by_label["Capabilities: Vision"]) == ["Apex", "Bolt"]
    assert "capability=vision" in by_label["Lab: Acme"] and "lab=" not in by_label["Lab: Acme"]
    assert '<a class="chip"' not in client.get(URL, {"sort": "name"}).text  # a sort is no filter


def test_fifty_a_page_with_numbered_stable_links(client):
    for i in range(120):
        LanguageModelFactory(name=f"Model {i:03}")
    first = client.get(URL, {"sort": "name"})
    assert first.status_code == 200
    assert len(listed(client, sort="name")) == 50
    assert "Page 1 of 3" in first.text
    assert '<span aria-current="page">1</span>' in first.text
    assert 'href="?sort=name&amp;page=3"' in first.text  # the same link from every page
    third = client.get(URL, {"sort": "name", "page": "3"})
    assert listed(client, "?sort=name&page=3") == [f"Model {i:03}" for i in range(100, 120)]
    assert '<span aria-current="page">3</span>' in third.text
    assert 'href="?sort=name&amp;page=1"' in third.text


def test_filter_choices_are_read_in_one_query_each_list_in_its_order(
    catalogue, django_assert_num_queries
):
    from catalog.filters import filter_choices

    CapabilityFactory(slug="a-first", name="Zed first", position=0)
    LabFactory(slug="zeta", name="Aardvark Lab")  # by name, not slug
    ProviderFactory(slug="idle")  # serves no published model: not a choice
    with django_assert_num_queries(1):
        choices = filter_choices()
    assert choices["lab"] == [("zeta", "Aardvark Lab"), ("acme", "Acme"), ("globex", "Globex")]
    assert {slug for slug, _ in choices["provider"]} == {"cloud", "host"}
    names = [name for _, name in choices["provider"]]
    assert names == sorted(names)
    assert choices["capability"][0] == ("a-first", "Zed first")  # position before name
    assert [name for _, name in choices["license"]] == sorted(
        name for _, name in choices["license"]
    )
    assert len(choices["license"]) == 4


@pytest.mark.parametrize(
    "retired",
    [
        {"lifecycle": "retired"},
        {"retires_on": dt.date(2026, 1, 1)},  # its retirement date has come
    ],
)
def test_a_retired_model_is_served_by_no_provider(client, catalogue, retired):
    """Its routes' own status says nothing: a retired model's routes are never live."""
    LanguageModel = type(catalogue["Apex"])
    LanguageModel.objects.filter(pk=catalogue["Bolt"].pk).update(**retired)
    page = client.get(URL, {"provider": "host"}).text
    assert "<strong>2</strong> models match" in page and 'id="pick-bolt"' not in page
    soon = {"retires_on": dt.date(2099, 1, 1), "lifecycle": "deprecated"}
    LanguageModel.objects.filter(pk=catalogue["Bolt"].pk).update(**soon)
    assert listed(client, provider="host") == ["Apex", "Bolt", "Crest"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, []),  # unbound: nothing chosen
        ({"lab": "acme", "license": ["apache-2-0", "community"], "q": 'a <b> & "c"'}, []),
        (
            {"min_context": "many", "max_input_price": "-1", "capability": "nope", "sort": "x"},
            ["capability", "max_input_price", "min_context", "sort"],
        ),
        (
            {  # an error on each kind of field, and values kept as typed
                "q": "x" * 101,
                "openness": "closed",
                "license": ["community", "nope"],
                "lab": ["acme", "nope"],  # the last one counts
                "released_after": "2025-13-01",
                "released_before": "2025-01-31",
                "max_output_price": " 1.50 ",
                "min_context": "1000",
            },
            ["lab", "license", "openness", "q", "released_after"],
        ),
    ],
)
def test_the_filter_bar_renders_as_django_renders_it(catalogue, data, errors):
    """The filter bar's fields render from plain values (catalog.filter_bar, with
    jinja2/catalog/filter_field.html) with the markup Django's form templates give the same
    form: chosen values, escaping, error lists and aria attributes included."""
    from django.forms.renderers import TemplatesSetting
    from django.http import QueryDict
    from django.template import engines

    from catalog.filter_bar import bar_field
    from catalog.filters import LanguageModelFilter
    from catalog.models import LanguageModel

    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    filterset = LanguageModelFilter(query or None, LanguageModel.objects.all())
    filterset.form.renderer = TemplatesSetting()
    macro = engines["jinja2"].env.get_template("catalog/filter_field.html").module.field_group
    ours = "\n".join(macro(bar_field(field)) for field in filterset.form)
    assert ours == "\n".join(field.as_field_group() for field in filterset.form)
    assert ('<option value="acme" selected>Acme</option>' in ours) is (data.get("lab") == "acme")
    assert sorted(filterset.form.errors) == errors
    assert ours.count('<ul class="errorlist"') == len(errors)


def test_the_headline_benchmark_is_the_one_most_published_models_rank_on(
    django_assert_num_queries,
):
    """Each published model counts once (two results in the ranked setting too); other
    settings and unpublished models do not count; a tie goes to the name."""
    from catalog.views import headline_benchmark
    from tests.factories import BenchmarkFactory, BenchmarkResultFactory

    a, b, c, d = (LanguageModelFactory() for _ in range(4))
    hidden = [LanguageModelFactory(is_published=False) for _ in range(3)]
    zeta = BenchmarkFactory(name="Zeta", slug="zeta")
    alpha = BenchmarkFactory(name="Alpha", slug="alpha")
    beta = BenchmarkFactory(name="Beta", slug="beta", ranked_setting="extended-thinking")
    BenchmarkResultFactory(benchmark=zeta, model=a)
    BenchmarkResultFactory(benchmark=zeta, model=a, setting_detail="second run")
    BenchmarkResultFactory(benchmark=zeta, model=b)
    for model in (c, d):
        BenchmarkResultFactory(benchmark=alpha, model=model)
    for model in (a, b, c):  # standard: not beta's ranked setting
        BenchmarkResultFactory(benchmark=beta, model=model)
    for model in hidden:
        BenchmarkResultFactory(benchmark=beta, model=model, setting="extended-thinking")
    with django_assert_num_queries(1):
        assert headline_benchmark() == alpha  # 2 each: Alpha before Zeta
    BenchmarkResultFactory(benchmark=zeta, model=c)
    assert headline_benchmark() == zeta


def test_rows_escape_as_django_escapes(client):
    """The rows render with Jinja2 (jinja2/catalog/directory_rows.html) and escape every
    value as Django's templates do."""
    LanguageModelFactory(name="""Quote "Q" & <A's>""", slug="quote")
    page = client.get(URL).text
    escaped = "Quote &quot;Q&quot; &amp; &lt;A&#x27;s&gt;"
    assert f'aria-label="Compare {escaped}"><a href="/models/quote/">{escaped}</a>' in page


@pytest.mark.parametrize(
    ("number", "queries"),
    [
        (1, 1),
        (2, 1),
        ("3", 1),
        ("2.5", 1),  # not a number: the first page
        ("x", 1),
        (None, 1),
        (4, 3),  # past the end: no rows, then Paginator's count and its last page
        (99, 3),
        (0, 2),  # below 1: Paginator's last page
        (-1, 2),
    ],
)
@pytest.mark.parametrize("unfiltered", [False, True])
def test_counting_paginator_gives_paginators_pages(
    number, queries, unfiltered, django_assert_num_queries
):
    """The page's ids and the count in one query (counted by a window, or for the whole
    unfiltered list by its own subquery), else Paginator's own answer: the same page
    number, count and rows as Paginator for every number."""
    from django.core.paginator import Paginator

    from catalog.directory import published_count
    from catalog.models import LanguageModel
    from catalog.pagination import CountingPaginator

    for i in range(7):
        LanguageModelFactory(name=f"Model {i}", slug=f"model-{i}")
    LanguageModelFactory(name="Hidden", slug="hidden", is_published=False)
    models = LanguageModel.objects.published().order_by("name")
    expected = Paginator(models, 3).get_page(number)
    count = published_count() if unfiltered else None
    with django_assert_num_queries(queries):
        page = CountingPaginator(models, 3, count=count).get_page(number)
        ids = [getattr(row, "pk", row) for row in page.object_list]  # ids, or the slice
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number,
        7,
        3,
    )
    assert ids == [model.pk for model in expected.object_list]


def test_counting_paginator_on_an_empty_list_reads_once(django_assert_num_queries):
    from catalog.models import LanguageModel
    from catalog.pagination import CountingPaginator

    with django_assert_num_queries(1):
        page = CountingPaginator(LanguageModel.objects.published().order_by("name"), 3).get_page(1)
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_rows_read_the_stored_summary_while_it_holds_else_compute_it(client, catalogue):
    """The rows' query is compiled once while the stored route summaries hold: it reads the
    stored cheapest route then (here left stale on purpose: its route changed without a
    signal), the computed one as soon as a summary has expired, and the stored one again
    once it holds."""
    from catalog.models import LanguageModel, Offering

    client.get(URL)  # the summaries the catalogue's writes left pending are stored
    bolt = LanguageModel.objects.filter(pk=catalogue["Bolt"].pk)
    Offering.objects.filter(model__in=bolt).update(input_usd_per_mtok=Decimal("0.20"))

    def bolt_input() -> str:
        text = client.get(URL).text
        return re.search(r'id="pick-bolt".*?<td class="num">([^<]+)</td>', text, re.S)[1]

    assert bolt_input() == "$0.10"  # stored
    bolt.update(route_summary_until=dt.date(2000, 1, 1))
    assert bolt_input() == "$0.20"  # computed from its routes
    bolt.update(route_summary_until=dt.date.max)
    assert bolt_input() == "$0.10"
