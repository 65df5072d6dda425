"""The model profile /models/<slug>/: every section of a model guide, from the data."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.markdown import render_markdown
from catalog.models import (
    FactSource,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    Provider,
)
from catalog.profile import NEAR, code_example, nearest_models
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
    UseCaseFactory,
)

pytestmark = pytest.mark.django_db


def section(text: str, section_id: str) -> str:
    """The HTML of one <section> of the page, by its heading id."""
    start = text.index(f'id="{section_id}"')
    end = text.find("</section>", start)
    return text[start:end]


@pytest.fixture
def haiku():
    anthropic = LabFactory(slug="anthropic", name="Anthropic")
    family = ModelFamilyFactory(lab=anthropic, slug="claude-4-5", name="Claude 4.5")
    api = ProviderFactory(
        slug="anthropic", name="Anthropic API", kind=Provider.Kind.FIRST_PARTY, lab=anthropic
    )
    bedrock = ProviderFactory(slug="amazon-bedrock", name="Amazon Bedrock", kind="cloud")
    sonnet = LanguageModelFactory(
        name="Claude Sonnet 4.5",
        slug="claude-sonnet-4-5",
        lab=anthropic,
        family=family,
        family_position=2,
        best_for="balanced coding",
        context_window_tokens=200_000,
    )
    successor = LanguageModelFactory(name="Claude Haiku 5", slug="claude-haiku-5", lab=anthropic)
    model = LanguageModelFactory(
        name="Claude Haiku 4.5",
        slug="claude-haiku-4-5",
        lab=anthropic,
        family=family,
        family_position=3,
        context_window_tokens=200_000,
        max_output_tokens=64_000,
        knowledge_cutoff="2025-02",
        total_parameters_b=None,
        best_for="fast, low-cost agents",
        summary="Anthropic's smallest and fastest Claude 4.5 model.",
        body="## Why Haiku\n\nCheap **and** fast.\n\n<script>alert('x')</script>",
        lifecycle=LanguageModel.Lifecycle.DEPRECATED,
        deprecated_on=dt.date(2026, 9, 1),
        retires_on=dt.date(2027, 3, 1),
        successor=successor,
        source_url="https://docs.anthropic.com/models",
        input_modalities=["text", "image", "pdf"],
    )
    model.use_cases.add(UseCaseFactory(name="Agents", slug="agents"))
    ModelAliasFactory(model=model, identifier="claude-haiku-4-5", kind=ModelAlias.Kind.ALIAS)
    ModelAliasFactory(
        model=model, identifier="claude-haiku-4-5-20251001", kind=ModelAlias.Kind.SNAPSHOT
    )
    OfferingFactory(
        model=model,
        provider=bedrock,
        provider_model_id="anthropic.claude-haiku-4-5-v1:0",
        input_usd_per_mtok=Decimal("1.10"),
        output_usd_per_mtok=Decimal("5.50"),
        source_url="https://aws.amazon.com/bedrock/pricing/",
    )
    OfferingFactory(
        model=model,
        provider=api,
        provider_model_id="claude-haiku-4-5-20251001",
        input_usd_per_mtok=Decimal("1"),
        output_usd_per_mtok=Decimal("5"),
        cached_input_usd_per_mtok=Decimal("0.10"),
        cache_write_usd_per_mtok=Decimal("1.25"),
        batch_discount_percent=Decimal("50"),
        source_url="https://www.anthropic.com/pricing",
    )
    OfferingFactory(model=model, provider=ProviderFactory(), status="retired")
    OfferingFactory(model=sonnet, provider=api, input_usd_per_mtok=Decimal("3"))
    vision = CapabilityFactory(slug="vision", name="Vision", position=1)
    CapabilityFactory(slug="computer-use", name="Computer use", position=2)
    CapabilityFactory(slug="fine-tuning", name="Fine-tuning", position=3)
    ModelCapabilityFactory(model=model, capability=vision, note="Screenshots and charts.")
    ModelCapabilityFactory(
        model=model,
        capability=LanguageModel.capabilities.rel.model.objects.get(slug="computer-use"),
        support=ModelCapability.Support.NO,
    )
    ModelCapabilityFactory(model=sonnet, capability=vision)
    FactSourceFactory(
        model=model,
        field=FactSource.Field.RELEASE_DATE,
        url="https://www.anthropic.com/news/claude-haiku-4-5",
        checked_on=dt.date(2026, 11, 1),
    )
    FaqEntryFactory(model=model, question="Does Haiku do batch?", answer="Yes, **50%** off.")
    FaqEntryFactory(model=model, question="Hidden question?", is_published=False)
    return model


def test_overview_covers_best_for_fit_lifecycle_and_successor(client, haiku):
    text = client.get(haiku.get_absolute_url()).text
    overview = section(text, "overview")
    assert "fast, low-cost agents" in overview
    assert '<span class="tag">Agents</span>' in overview
    assert "Deprecated" in overview and "1 Sep 2026" in overview
    assert "1 Mar 2027" in overview
    assert 'href="/models/claude-haiku-5/"' in overview
    assert "$1" in overview and "Anthropic API" in overview  # cheapest route


def test_body_is_rendered_markdown_without_scripts(client, haiku):
    text = client.get(haiku.get_absolute_url()).text
    about = section(text, "about")
    assert "<h3>Why Haiku</h3>" in about and "<strong>and</strong>" in about
    assert "<script>alert" not in text


def test_specs_show_unknown_as_unknown(client, haiku):
    specs = section(client.get(haiku.get_absolute_url()).text, "specs")
    assert "200,000 tokens" in specs and "64,000 tokens" in specs and "Feb 2025" in specs
    parameters = re.search(r"Parameters</th><td>(.*?)</td>", specs, re.S).group(1)
    assert "unknown" in parameters
    architecture = re.search(r"Architecture</th><td>(.*?)</td>", specs, re.S).group(1)
    assert "unknown" in architecture


def test_capabilities_are_yes_no_or_unknown_with_notes(client, haiku):
    capabilities = section(client.get(haiku.get_absolute_url()).text, "capabilities")
    assert re.search(
        r"Vision</th><td class=\"yes\">Yes</td><td>Screenshots and charts.", capabilities
    )
    assert re.search(r"Computer use</th><td class=\"no\">No</td>", capabilities)
    assert re.search(r"Fine-tuning</th><td class=\"unknown\">Unknown</td>", capabilities)


def test_pricing_lists_every_live_route_cheapest_first_with_cache_and_batch(client, haiku):
    pricing = section(client.get(haiku.get_absolute_url()).text, "pricing")
    assert pricing.index("Anthropic API") < pricing.index("Amazon Bedrock")
    assert "claude-haiku-4-5-20251001" in pricing and "anthropic.claude-haiku-4-5-v1:0" in pricing
    assert "$0.10" in pricing and "$1.25" in pricing  # cached input, cache write
    assert "$0.50" in pricing and "$2.50" in pricing  # batch input, batch output (50% off)
    assert pricing.count("<tr>") == 3  # header + two live routes, the retired one left out


def test_api_identifiers_and_first_party_code_example(client, haiku):
    api = section(client.get(haiku.get_absolute_url()).text, "api")
    assert "<code>claude-haiku-4-5</code>" in api and "Pinned snapshot" in api
    code = html.unescape(re.search(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", api, re.S).group(1))
    assert "import anthropic" in code
    assert 'model="claude-haiku-4-5-20251001"' in code


def test_code_example_falls_back_to_the_first_route_and_escapes():
    host = ProviderFactory(slug="groq", name="Groq")
    route = OfferingFactory(provider=host, provider_model_id='llama"; rm -rf /')
    example = code_example(route, first_party=False)
    assert "from openai import OpenAI" in example.code
    assert 'base_url="https://api.groq.com/openai/v1"' in example.code
    assert 'model="llama\\"; rm -rf /"' in example.code
    unknown = OfferingFactory(provider=ProviderFactory(slug="somewhere", docs_url=""))
    assert 'base_url="..."' in code_example(unknown, first_party=False).code
    assert code_example(None, first_party=False) is None


def test_model_without_first_party_route_shows_the_cheapest_route_example(client):
    model = LanguageModelFactory(name="Llama X", slug="llama-x")
    OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="togetherai", name="Together AI"),
        provider_model_id="meta-llama/Llama-X",
        input_usd_per_mtok=Decimal("0.2"),
    )
    api = section(client.get(model.get_absolute_url()).text, "api")
    assert "no first-party API" in api
    assert "meta-llama/Llama-X" in html.unescape(api)
    assert "https://api.together.xyz/v1" in api


def test_openai_and_google_examples_use_their_sdks():
    openai = OfferingFactory(provider=ProviderFactory(slug="openai"), provider_model_id="gpt-5")
    assert "client = OpenAI()" in code_example(openai, first_party=True).code
    google = OfferingFactory(
        provider=ProviderFactory(slug="google"), provider_model_id="gemini-2.5-flash"
    )
    assert "from google import genai" in code_example(google, first_party=True).code


def test_benchmarks_show_rank_among_published_models(client, haiku):
    bench = BenchmarkFactory(slug="swe", name="SWE-bench")
    BenchmarkResultFactory(model=haiku, benchmark=bench, score=Decimal("73.3"))
    for score in ("80", "90"):
        BenchmarkResultFactory(benchmark=bench, score=Decimal(score))
    BenchmarkResultFactory(benchmark=bench, score=Decimal("99"), model__is_published=False)
    BenchmarkResultFactory(benchmark=bench, score=Decimal("10"))
    benchmarks = section(client.get(haiku.get_absolute_url()).text, "benchmarks")
    assert "SWE-bench" in benchmarks and "3rd of 4" in benchmarks


def test_family_side_by_side_links_the_other_members(client, haiku):
    family = section(client.get(haiku.get_absolute_url()).text, "family")
    assert 'href="/models/claude-sonnet-4-5/" class="family-link"' in family
    assert "balanced coding" in family and "Claude Haiku 4.5 (this model)" in family
    assert family.index("Claude Sonnet 4.5") < family.index("Claude Haiku 4.5")  # position


def test_faq_is_generated_from_data_plus_editorial_entries(client, haiku):
    faq = section(client.get(haiku.get_absolute_url()).text, "faq")
    assert "What is the context window of Claude Haiku 4.5?" in faq
    assert "200,000 tokens" in faq
    assert "Is Claude Haiku 4.5 open source?" in faq and "proprietary" in faq
    assert "Where can I run Claude Haiku 4.5?" in faq and "Amazon Bedrock" in faq
    assert "How much does Claude Haiku 4.5 cost?" in faq
    assert "Does Haiku do batch?" in faq and "<strong>50%</strong>" in faq
    assert "Hidden question?" not in faq


def test_compare_links_use_canonical_comparison_urls(client, haiku):
    # From Sonnet's page the pair is given out of alphabetical order: the link is canonical.
    sonnet = LanguageModel.objects.get(slug="claude-sonnet-4-5")
    canonical = reverse("comparisons:compare", args=["claude-haiku-4-5-vs-claude-sonnet-4-5"])
    reversed_pair = reverse("comparisons:compare", args=["claude-sonnet-4-5-vs-claude-haiku-4-5"])
    for model in (haiku, sonnet):
        compare = section(client.get(model.get_absolute_url()).text, "compare")
        assert f'href="{canonical}"' in compare, model.slug
        assert reversed_pair not in compare, model.slug
    assert client.get(canonical).status_code == 200


def test_compare_with_offers_the_nearest_models_across_labs(client):
    from decimal import Decimal

    from tests.factories import LabFactory, OfferingFactory, ProviderFactory

    mine, other = LabFactory(name="Mine"), LabFactory(name="Other")
    host = ProviderFactory()

    def priced(name, lab, input_price, output_price, context):
        model = LanguageModelFactory(
            name=name, slug=name.lower(), lab=lab, context_window_tokens=context
        )
        OfferingFactory(
            model=model,
            provider=host,
            input_usd_per_mtok=Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
        )
        return model

    me = priced("Me", mine, "1", "5", 200_000)  # blended $2.00
    priced("Twin", other, "1.1", "5", 200_000)  # another lab, $2.075: nearest
    priced("Big", other, "1", "5", 2_000_000)  # the same price, 10x the context
    priced("Sibling", mine, "15", "75", 200_000)  # the same lab, 15x the price
    LanguageModelFactory(name="Aardvark", lab=other, context_window_tokens=200_000)  # no price
    compare = section(client.get(me.get_absolute_url()).text, "compare")
    assert "Aardvark" not in compare
    assert compare.index("Me vs Twin") < compare.index("Big vs Me") < compare.index("Me vs Sibling")
    assert "Other: $2.075 blended, 200K context" in compare


@pytest.mark.parametrize("expired", [False, True])
@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (2, ["Ant", "Bee"]),  # enough within NEAR: the farther ones are not needed
        (4, ["Ant", "Bee", "Inside", "Outside"]),  # too few within NEAR: the next ones after
        (6, ["Ant", "Bee", "Inside", "Outside", "Half", "Wide"]),
    ],
)
def test_nearest_models_are_the_nearest_inside_the_near_box_or_past_it(limit, expected, expired):
    """Distances (the same price, context 10**d times Me's) on both sides of NEAR = 0.1, a
    tie (by name), and one smaller and one larger: the same nearest, whichever part holds them,
    from the stored route summaries or (past their date) the computed ones."""
    host, lab = ProviderFactory(), LabFactory(name="Far Lab")
    distances = {"Me": 0, "Wide": 0.6, "Bee": 0.05, "Half": -0.3, "Ant": 0.05}
    for name, d in {**distances, "Outside": 0.101, "Inside": 0.099}.items():
        context = round(200_000 * 10**d)
        model = LanguageModelFactory(name=name, lab=lab, context_window_tokens=context)
        OfferingFactory(
            model=model,
            provider=host,
            input_usd_per_mtok=Decimal("1"),
            output_usd_per_mtok=Decimal("5"),
        )
    if expired:
        LanguageModel.objects.update(route_summary_until=dt.date.min)
    me = LanguageModel.objects.with_cheapest_route().get(name="Me")
    nearest = nearest_models(me, limit=limit)
    assert [m.name for m in nearest] == expected
    assert [m.distance <= NEAR for m in nearest] == [
        name in {"Ant", "Bee", "Inside"} for name in expected
    ]
    assert {(m.lab.name, m.blended_usd_per_mtok) for m in nearest} == {("Far Lab", Decimal("2"))}


def test_references_and_review_date(client, haiku):
    text = client.get(haiku.get_absolute_url()).text
    references = section(text, "references")
    assert "https://www.anthropic.com/news/claude-haiku-4-5" in references
    assert "1 Nov 2026" in references
    assert "https://aws.amazon.com/bedrock/pricing/" in references
    assert "https://docs.anthropic.com/models" in references
    assert "may be out of date" not in text


def test_stale_models_are_flagged(client, settings):
    settings.STALE_AFTER_DAYS = 30
    model = LanguageModelFactory(last_reviewed_on=timezone.localdate() - dt.timedelta(days=31))
    assert "may be out of date" in client.get(model.get_absolute_url()).text
    never = LanguageModelFactory(last_reviewed_on=None)
    assert "Never reviewed" in client.get(never.get_absolute_url()).text


def test_open_weights_faq_answer():
    model = LanguageModelFactory(license=LicenseFactory(), weights_url="https://hf.co/x")
    from catalog.profile import openness_answer

    assert openness_answer(model).startswith("Yes.") and "https://hf.co/x" in openness_answer(model)
    model.license = None
    assert "unknown" in openness_answer(model)


def test_a_bare_model_renders_with_unknowns(client):
    model = LanguageModelFactory(
        family=None,
        license=None,
        context_window_tokens=None,
        max_output_tokens=None,
        release_date=None,
        input_modalities=[],
    )
    response = client.get(model.get_absolute_url())
    assert response.status_code == 200
    assert "The context window of" in response.text and "is unknown" in response.text
    assert "No provider route is sourced" in response.text


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)" onclick="steal()">link</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "[click](javascript:alert(1))",
    ],
)
def test_markdown_strips_scripts_event_handlers_and_javascript_links(markdown):
    rendered = str(render_markdown(markdown))
    assert "<script" not in rendered
    assert "onerror" not in rendered and "onclick" not in rendered
    assert "onmouseover" not in rendered and "javascript:" not in rendered


def test_markdown_keeps_ordinary_formatting():
    rendered = str(render_markdown("# Title\n\nSome *text* and [a link](https://example.com)."))
    assert "<h3>Title</h3>" in rendered and "<em>text</em>" in rendered
    assert 'href="https://example.com"' in rendered


def test_draft_and_unknown_slugs_are_404(client, haiku):
    draft = LanguageModelFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/models/does-not-exist/").status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_profile_query_count_is_fixed(client, size, django_assert_max_num_queries):
    from tests.catalog.test_pages import BUDGETS, build_catalogue
    from tests.layers import committed

    with committed():
        models = build_catalogue(size)
    with django_assert_max_num_queries(BUDGETS["model-detail"]):
        response = client.get(models[-1].get_absolute_url())
    assert response.status_code == 200


def test_pricing_section_says_when_each_price_last_changed(client):
    offering = OfferingFactory(input_usd_per_mtok=Decimal("3"), output_usd_per_mtok=Decimal("15"))
    offering.input_usd_per_mtok = Decimal("2.50")
    offering.save()
    response = client.get(offering.model.get_absolute_url())
    assert "input $3.00 → $2.50" in response.text
    assert reverse("comparisons:route-history", args=[offering.pk]) in response.text


def test_pricing_rows_escape_as_django_escapes(client):
    """The pricing table's rows render with Jinja2 (jinja2/catalog/route_rows.html) and
    escape every value as Django's templates do; a model with no route says so."""
    provider = ProviderFactory(name="""Host "H" & <B's>""", slug="host-h")
    offering = OfferingFactory(
        provider=provider,
        provider_model_id="m<1>'\"",
        source_url="https://example.com/p?a=1&b=2",
        last_verified_on=dt.date(2020, 1, 2),
        cache_write_usd_per_mtok=None,
    )
    page = section(client.get(offering.model.get_absolute_url()).text, "pricing")
    assert (
        '<th scope="row"><a href="/providers/host-h/">Host &quot;H&quot; &amp; &lt;B&#x27;s&gt;'
        '</a><br><code class="route-id">m&lt;1&gt;&#x27;&quot;</code></th>\n'
        '        <td class="num">$1.00</td>\n        <td class="num">$5.00</td>\n'
        '        <td class="num"><span class="unknown">Unknown</span></td>\n'
    ) in page
    assert (
        '<td><span class="freshness stale"><strong>Stale:</strong> last checked 2 Jan 2020'
        '</span> (<a href="https://example.com/p?a=1&amp;b=2">source</a>)</td>\n      </tr>'
    ) in page
    bare = LanguageModelFactory()
    page = section(client.get(bare.get_absolute_url()).text, "pricing")
    assert "No provider route is sourced for this model yet." in page


def test_page_body_escapes_as_django_escapes(client):
    """The page's body renders with Jinja2 (jinja2/catalog/profile.html) and escapes every
    value as Django's templates do (&quot; and &#x27;, not Jinja2's &#34; and &#39;)."""
    model = LanguageModelFactory(name="""Q "R" & <S's>""", summary="a < b & 'c'", best_for='x "y"')
    ModelAliasFactory(model=model, identifier="id'<1>", kind=ModelAlias.Kind.SNAPSHOT)
    text = client.get(model.get_absolute_url()).text
    assert "<h1>Q &quot;R&quot; &amp; &lt;S&#x27;s&gt;</h1>" in text
    assert '<p class="intro">a &lt; b &amp; &#x27;c&#x27;</p>' in text
    assert "<dt>Best for</dt><dd>x &quot;y&quot;</dd>" in text
    assert "<li><code>id&#x27;&lt;1&gt;</code> — Pinned snapshot</li>" in text


@pytest.mark.parametrize("expired", [False, True])
def test_cheapest_routes_are_read_from_the_summary_while_it_holds(client, haiku, expired):
    """The model's and its family's cheapest routes come from the stored route summaries
    (a query compiled once) while they hold; past their date, from the routes themselves
    (so a price changed without refreshing the summary shows only then)."""
    haiku_api = haiku.offerings.get(provider__slug="anthropic")
    LanguageModel.objects.with_cheapest_route().get(pk=haiku.pk)  # the summaries are written
    Offering.objects.filter(pk=haiku_api.pk).update(input_usd_per_mtok=Decimal("0.80"))
    if expired:
        LanguageModel.objects.update(route_summary_until=dt.date.min)
    text = client.get(haiku.get_absolute_url()).text
    price = "$0.80" if expired else "$1.00"
    assert f"Anthropic API: {price} input / $5.00 output per 1M tokens" in section(text, "overview")
    family = section(text, "family")
    row = family[family.index("Claude Haiku 4.5 (this model)") :]
    assert f'<td class="num">{price}</td>' in row[: row.index("</tr>")]
