"""Comparison pages through the test client: URLs, sections, traffic, query budget."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from comparisons.models import ComparisonFaqEntry, CuratedComparison, TrafficProfile
from comparisons.snapshots import snapshot_models
from tests.factories import (
    BenchmarkResultFactory,
    CapabilityFactory,
    LabFactory,
    LanguageModelFactory,
    ModelCapabilityFactory,
    OfferingFactory,
)
from tests.layers import committed

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Monthly cost at traffic",
    "Verdict",
    "Decision scorecard",
    "Decision tradeoffs",
    "Switch friction",
    "Specs",
    "Pricing and availability",
    "Capabilities",
    "Benchmarks",
    "Deep dive",
    "FAQ",
    "Continue comparing",
    "Sources",
]


@pytest.fixture
def pair():
    alpha = LanguageModelFactory(slug="alpha", name="Alpha", context_window_tokens=200_000)
    beta = LanguageModelFactory(slug="beta", name="Beta", context_window_tokens=262_144)
    OfferingFactory(model=alpha, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"))
    return alpha, beta


def url(*slugs):
    return reverse("comparisons:compare", args=["-vs-".join(slugs)])


def test_canonical_page_has_every_section_in_order(client, pair):
    response = client.get(url("alpha", "beta"))
    assert response.status_code == 200
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", response.text)
    assert headings == SECTIONS
    assert "<h1>Alpha vs Beta</h1>" in response.text
    assert f'rel="canonical" href="http://testserver{url("alpha", "beta")}"' in response.text


def test_other_order_redirects_permanently_keeping_the_query(client, pair):
    response = client.get(url("beta", "alpha") + "?input_tokens_per_month=5")
    assert response.status_code == 301
    assert response["Location"] == url("alpha", "beta") + "?input_tokens_per_month=5"


@pytest.mark.parametrize(
    "key",
    [
        "alpha-vs-alpha",
        "alpha-vs-nobody",
        "alpha",
        "alpha-vs-",
        "alpha-vs-beta-vs-c-vs-d-vs-e",
        "ALPHA-vs-beta",
        "alpha-vs-beta%00",
    ],
)
def test_bad_keys_are_404(client, pair, key):
    assert client.get(f"/compare/{key}/").status_code == 404


def test_unpublished_model_is_404(client, pair):
    LanguageModelFactory(slug="gamma", is_published=False)
    assert client.get(url("alpha", "gamma")).status_code == 404


@pytest.mark.parametrize("others", [[], ["gamma"]])
def test_a_three_or_four_model_comparison_with_a_draft_is_404_not_one_model_short(
    client, pair, others
):
    for slug in others:
        LanguageModelFactory(slug=slug, name=slug.title())
    LanguageModelFactory(slug="draft", name="Draft", is_published=False)
    response = client.get(url("alpha", "beta", "draft", *others))
    assert response.status_code == 404
    assert "<h1>Not Found</h1>" in response.text and "Alpha" not in response.text
    assert client.get(url("alpha", "beta", *others)).status_code == 200


def test_three_models_show_side_by_side_columns(client, pair):
    LanguageModelFactory(slug="gamma", name="Gamma")
    response = client.get(url("alpha", "beta", "gamma"))
    assert response.status_code == 200
    assert "<h1>Alpha vs Beta vs Gamma</h1>" in response.text
    assert "Choose Gamma when" in response.text
    # Switch friction for three or more models is one matrix, not six blocks.
    assert "Gamma → Alpha" not in response.text
    assert '<th scope="row">Gamma</th>' in response.text
    assert '<th scope="col">to Alpha</th>' in response.text
    matrix = response.context["comparison"].friction_matrix
    assert [source for source, _ in matrix] == ["Alpha", "Beta", "Gamma"]
    assert matrix[2][1][2] is None and matrix[2][1][0]  # Gamma to itself; Gamma to Alpha


def test_traffic_parameters_change_the_cost(client, pair):
    response = client.get(
        url("alpha", "beta"), {"input_tokens_per_month": 2_000_000, "output_tokens_per_month": 0}
    )
    assert "$2.00" in response.text  # 2M input tokens at $1
    assert "At <strong>Custom</strong>" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"input_tokens_per_month": "abc", "output_tokens_per_month": "1"},
        {"input_tokens_per_month": "-5", "output_tokens_per_month": "1"},
        {"input_tokens_per_month": "1", "output_tokens_per_month": "1", "cached_share": "150"},
        {"preset": "no-such-preset"},
    ],
)
def test_bad_traffic_gives_a_message_not_an_error(client, pair, params):
    response = client.get(url("alpha", "beta"), params)
    assert response.status_code == 200
    assert "could not be used" in response.text


def test_default_traffic_comes_from_the_editors_profile(client, pair):
    TrafficProfile.objects.create(
        name="Support bot",
        slug="support-bot",
        requests_per_day=1000,
        input_tokens_per_request=1000,
        output_tokens_per_request=0,
        is_default=True,
    )
    response = client.get(url("alpha", "beta"))
    assert "Support bot" in response.text
    assert "$30.44" in response.text  # 30,437,500 input tokens at $1


def test_unknown_price_is_unavailable_with_the_reason(client, pair):
    response = client.get(url("alpha", "beta"))
    assert "Unavailable" in response.text
    assert "No provider route is sourced" in response.text
    assert "Cost delta unavailable" in response.text


def test_curated_text_and_faq_replace_and_extend_the_generated_ones(client, pair):
    comparison = CuratedComparison.objects.create(
        key="alpha-vs-beta", intro="An editor's intro.", verdict="An editor's verdict."
    )
    comparison.language_models.set(pair)
    ComparisonFaqEntry.objects.create(comparison=comparison, question="Editor Q?", answer="A.")
    response = client.get(url("alpha", "beta"))
    assert "An editor&#x27;s intro." in response.text
    assert "An editor&#x27;s verdict." in response.text
    assert "Editor Q?" in response.text


def test_a_curated_faq_answer_is_formatted_like_every_editors_answer(client, pair):
    comparison = CuratedComparison.objects.create(key="alpha-vs-beta")
    comparison.language_models.set(pair)
    ComparisonFaqEntry.objects.create(
        comparison=comparison,
        question="Which is faster?",
        answer="**Alpha**, by [a lot](https://x.example/).",
    )
    response = client.get(url("alpha", "beta"))
    assert '<strong>Alpha</strong>, by <a href="https://x.example/"' in response.text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    answers = {q["name"]: q["acceptedAnswer"]["text"] for q in json.loads(block[1])["mainEntity"]}
    assert answers["Which is faster?"] == "Alpha, by a lot."


def test_faq_json_ld_is_valid_and_matches_the_page(client, pair):
    response = client.get(url("alpha", "beta"))
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    ).group(1)
    data = json.loads(block)
    assert data["@type"] == "FAQPage"
    questions = [q["name"] for q in data["mainEntity"]]
    assert "Which has a larger context window, Alpha or Beta?" in questions
    assert all(q in response.text for q in questions)


def build_catalogue(size):
    capabilities = [CapabilityFactory() for _ in range(5)]
    models = []
    for n in range(size):
        model = LanguageModelFactory(slug=f"m-{n:03d}", name=f"M {n}")
        for capability in capabilities:
            ModelCapabilityFactory(model=model, capability=capability)
        for _ in range(3):
            OfferingFactory(model=model)
        BenchmarkResultFactory(model=model, score=Decimal(n % 100))
        models.append(model)
    return models


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_does_not_grow_with_the_catalogue(client, size, django_assert_num_queries):
    with committed():
        build_catalogue(size)
    # The catalogue version, then the data; no write (views are counted out of the request).
    with django_assert_num_queries(11):
        response = client.get(url("m-000", "m-001"))
    assert response.status_code == 200


def test_a_curated_comparison_and_its_faq_are_one_query_in_the_editors_order(
    client, django_assert_num_queries
):
    with committed():
        first, second = build_catalogue(2)
        comparison = CuratedComparison.objects.create(
            key="m-000-vs-m-001", last_reviewed_on=dt.date(2026, 5, 4)
        )
        comparison.language_models.set([first, second])
        for position, question in [(2, "Second?"), (1, "Zeta first?"), (1, "Alpha first?")]:
            ComparisonFaqEntry.objects.create(
                comparison=comparison, question=question, answer="A.", position=position
            )
    # As many as an uncurated comparison: the FAQ entries come with the curated row.
    with django_assert_num_queries(11):
        response = client.get(url("m-000", "m-001"))
    text = response.text
    assert text.index("Alpha first?") < text.index("Zeta first?") < text.index("Second?")
    assert "Last reviewed: May 4, 2026." in text


def test_a_model_retired_by_its_date_has_no_live_route_on_a_comparison():
    today = timezone.localdate()
    gone = LanguageModelFactory(slug="gone", retires_on=today)  # lifecycle still "active"
    soon = LanguageModelFactory(slug="soon", retires_on=today + dt.timedelta(days=1))
    for model in (gone, soon):
        OfferingFactory(model=model)
    snapshots = {s.slug: s for s in snapshot_models(["gone", "soon"])}
    assert snapshots["gone"].is_retired and snapshots["gone"].routes == ()
    assert not snapshots["soon"].is_retired and len(snapshots["soon"].routes) == 1


def test_a_route_retiring_tomorrow_is_gone_from_comparisons_tomorrow(monkeypatch):
    """The routes' query is compiled once per process and day: not kept past its day."""
    today = timezone.localdate()
    model = LanguageModelFactory(slug="solo")
    OfferingFactory(model=model, provider_model_id="stays")
    OfferingFactory(model=model, provider_model_id="goes", retires_on=today + dt.timedelta(1))
    (snapshot,) = snapshot_models(["solo"])
    assert sorted(r.provider_model_id for r in snapshot.routes) == ["goes", "stays"]
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + dt.timedelta(days=1))
    (snapshot,) = snapshot_models(["solo"])
    assert [r.provider_model_id for r in snapshot.routes] == ["stays"]


def test_a_retired_models_last_listed_price_is_stored_while_its_summary_holds():
    """The models' query is compiled once while the stored route summaries hold: it reads the
    stored last-listed price then (left stale here on purpose: its route changed without a
    signal), the computed one once the summary has expired, the stored one again after."""
    from catalog.models import LanguageModel, Offering

    gone = LanguageModelFactory(slug="gone", lifecycle="retired", retires_on=dt.date(2026, 2, 19))
    OfferingFactory(model=gone, input_usd_per_mtok=Decimal("3"), output_usd_per_mtok=Decimal("15"))

    def last_listed() -> str:
        (snapshot,) = snapshot_models(["gone"])
        return snapshot.last_listed

    assert last_listed().startswith("last listed $3.00 / $15.00")
    Offering.objects.filter(model=gone).update(input_usd_per_mtok=Decimal("4"))
    assert last_listed().startswith("last listed $3.00 / $15.00")  # stored
    rows = LanguageModel.objects.filter(pk=gone.pk)
    rows.update(route_summary_until=dt.date(2000, 1, 1))
    assert last_listed().startswith("last listed $4.00 / $15.00")  # computed
    rows.update(route_summary_until=dt.date.max)
    assert last_listed().startswith("last listed $3.00 / $15.00")


def test_picker_redirects_to_the_canonical_page(client, pair):
    response = client.get(reverse("comparisons:picker"), {"models": ["beta", "alpha", ""]})
    assert response.status_code == 302
    assert response["Location"] == url("alpha", "beta")
    comma = client.get(reverse("comparisons:picker"), {"models": "beta,alpha"})
    assert comma["Location"] == url("alpha", "beta")


def test_picker_finds_typed_names_in_any_case(client, pair):
    response = client.get(reverse("comparisons:picker"), {"models": ["BETA", "Alpha", "", ""]})
    assert response["Location"] == url("alpha", "beta")


def test_picker_finds_a_model_by_search_when_the_text_is_no_exact_name(client):
    LanguageModelFactory(slug="claude-haiku-4-5", name="Claude Haiku 4.5")
    LanguageModelFactory(slug="qwen3-5-4b", name="Qwen3.5-4B")
    response = client.get(reverse("comparisons:picker"), {"models": ["haiku", "qwen 3.5"]})
    assert response["Location"] == url("claude-haiku-4-5", "qwen3-5-4b")


@pytest.mark.parametrize(
    ("models", "message"),
    [
        (["alpha"], "Pick two to four different models."),
        (["alpha", "alpha"], "A model cannot be compared with itself."),
        (["alpha", "beta", "alpha", "beta", "alpha"], "Pick two to four different models."),
        (["alpha", "nobody"], "No model in the catalogue matches “nobody”."),
        (["a b", "alpha"], "No model in the catalogue matches “a b”."),
    ],
)
def test_picker_explains_bad_choices(client, pair, models, message):
    response = client.get(reverse("comparisons:picker"), {"models": models})
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{models[0]}"' in response.text  # what was typed stays in the field


def test_picker_lists_the_candidates_of_an_ambiguous_name(client, pair):
    LanguageModelFactory(slug="alpha-pro", name="Alpha Pro")
    response = client.get(reverse("comparisons:picker"), {"models": ["alph", "beta"]})
    assert response.status_code == 400
    assert "“alph” matches several models; type more of the name." in response.text
    assert "<code>alpha</code>" in response.text and "<code>alpha-pro</code>" in response.text
    # Each candidate links to the same choice with that model picked instead.
    assert '<a href="?models=alpha-pro&amp;models=beta">Alpha Pro</a>' in response.text


def test_picker_suggests_a_bounded_list_and_its_queries_are_pinned(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("comparisons.selectors.DATALIST_SIZE", 3)
    models = [LanguageModelFactory(name=f"Model {n}") for n in range(5)]
    for _ in range(2):
        OfferingFactory(model=models[4])
    for _ in range(3):  # retired routes do not count, nor routes awaiting review
        OfferingFactory(model=models[3], status="retired")
        OfferingFactory(model=models[2], review_status="pending")
    # the catalogue version, the route summaries of this test's uncommitted route writes
    # (catalog.route_summary; none on a production GET), suggestions, featured, popular
    with django_assert_num_queries(5):
        response = client.get(reverse("comparisons:picker"))
    options = re.findall(r'<option value="([^"]+)">', response.text)
    assert options == ["Model 4", "Model 0", "Model 1"]  # the most widely served first
    with django_assert_num_queries(4):  # the summaries are stored now
        client.get(reverse("comparisons:picker"))
    # The version, exact names, one search per other text (each first refreshing the
    # search columns of this test's uncommitted writes), then the page again (3).
    with django_assert_num_queries(9):
        response = client.get(
            reverse("comparisons:picker"), {"models": ["Model 1", "model 2 x", "zzz"]}
        )
    assert response.status_code == 400


def test_editor_curates_a_comparison_in_admin(editor_client, pair):
    response = editor_client.post(
        reverse("admin:comparisons_curatedcomparison_add"),
        {
            "language_models": [pair[1].pk, pair[0].pk],
            "is_featured": "on",
            "verdict": "Alpha, unless you need Beta's context.",
            "faq_entries-TOTAL_FORMS": "0",
            "faq_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    comparison = CuratedComparison.objects.get()
    assert comparison.key == "alpha-vs-beta"
    picker = editor_client.get(reverse("comparisons:picker"))
    assert "Featured comparisons" in picker.text


def test_admin_refuses_one_model_or_a_duplicate(editor_client, pair):
    add = reverse("admin:comparisons_curatedcomparison_add")
    base = {"faq_entries-TOTAL_FORMS": "0", "faq_entries-INITIAL_FORMS": "0"}
    response = editor_client.post(add, {**base, "language_models": [pair[0].pk]})
    assert response.status_code == 200
    assert "Choose two to four models." in response.text
    editor_client.post(add, {**base, "language_models": [p.pk for p in pair]})
    again = editor_client.post(add, {**base, "language_models": [p.pk for p in pair]})
    assert "already compared" in again.text
    assert CuratedComparison.objects.count() == 1


def test_comparison_admin_actions(editor_client, editor, pair):
    comparison = CuratedComparison.objects.create(key="alpha-vs-beta")
    comparison.language_models.set(pair)
    changelist = reverse("admin:comparisons_curatedcomparison_changelist")
    for action, message, featured in (
        ("feature", "1 comparison featured.", True),
        ("mark_reviewed_today", "1 comparison marked reviewed today.", True),
        ("unfeature", "1 comparison no longer featured.", False),
    ):
        response = editor_client.post(
            changelist, {"action": action, "_selected_action": [comparison.pk]}, follow=True
        )
        assert response.status_code == 200
        assert message in response.text
        comparison.refresh_from_db()
        assert comparison.is_featured is featured
    assert comparison.last_reviewed_on == timezone.localdate()
    history = LogEntry.objects.filter(user=editor, object_id=str(comparison.pk))
    assert sorted(history.values_list("change_message", flat=True)) == [
        "Featured.",
        f"Marked reviewed on {timezone.localdate()}.",
        "No longer featured.",
    ]


def test_a_new_default_traffic_profile_replaces_the_old_one(editor_client):
    old = TrafficProfile.objects.create(
        name="Old",
        slug="old",
        requests_per_day=1,
        input_tokens_per_request=1,
        output_tokens_per_request=1,
        is_default=True,
    )
    response = editor_client.post(
        reverse("admin:comparisons_trafficprofile_add"),
        {
            "name": "New",
            "slug": "new",
            "requests_per_day": 10,
            "input_tokens_per_request": 100,
            "output_tokens_per_request": 10,
            "cached_share_percent": "0",
            "batch_share_percent": "0",
            "is_default": "on",
            "position": 1,
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_default
    assert TrafficProfile.objects.default().slug == "new"


def test_continue_comparing_offers_the_nearest_context_windows_on_both_sides(client, db):
    """The first model's nearest context windows, above and below it alike, ties by name;
    an unknown window, a draft and the compared models themselves are never offered."""
    lab, other_lab = LabFactory(name="Near"), LabFactory(name="Far")
    me = LanguageModelFactory(name="Me", slug="me", lab=lab, context_window_tokens=100_000)
    you = LanguageModelFactory(name="You", slug="you", lab=lab, context_window_tokens=100_000)

    def window(name, tokens, **extra):
        LanguageModelFactory(name=name, lab=other_lab, context_window_tokens=tokens, **extra)

    window("Same", 100_000)  # 0 away
    window("Wider", 110_000)  # 10,000 above: ties with Narrower, after it by name
    window("Narrower", 90_000)  # 10,000 below
    window("Much narrower", 60_000)  # 40,000 below
    window("Much wider", 150_000)  # 50,000 above: the fifth, left out
    window("Unknown", None)
    window("Draft", 100_000, is_published=False)
    text = client.get(f"/compare/{me.slug}-vs-{you.slug}/").text
    related = text.split('id="continue"')[1].split("</section>")[0]
    links = re.findall(r'<li><a href="/compare/[^"]+">([^<]+)</a></li>', related)
    assert links == ["Me vs Same", "Me vs Narrower", "Me vs Wider", "Me vs Much narrower"]


def test_route_rows_escape_as_django_escapes(client, pair):
    """Each model's route table renders its rows with Jinja2
    (jinja2/comparisons/route_rows.html), escaping every value as Django's templates do:
    a batch discount with its decimals (floatformat:"-2"), an unknown one as unknown."""
    from tests.factories import ProviderFactory

    alpha, _ = pair
    provider = ProviderFactory(name="""Host "H" & <B's>""", slug="host-h")
    OfferingFactory(
        model=alpha,
        provider=provider,
        provider_model_id="m<1>'\"",
        batch_discount_percent=Decimal("12.50"),
        source_url="https://example.com/p?a=1&b=2",
    )
    page = client.get(url("alpha", "beta")).text
    assert (
        '<th scope="row">Host &quot;H&quot; &amp; &lt;B&#x27;s&gt;</th>'
        "<td><code>m&lt;1&gt;&#x27;&quot;</code></td>\n"
        '        <td class="num">$1.00</td>\n        <td class="num">$5.00</td>\n'
        '        <td class="num"><span class="unknown">Unknown</span></td>\n'
        '        <td class="num">12.50%</td>\n'
    ) in page
    assert '(<a href="https://example.com/p?a=1&amp;b=2">source</a>)</td>\n      </tr>' in page
    assert '<td class="num"><span class="unknown">Unknown</span></td>\n        <td>' in page


def test_model_table_rows_escape_as_django_escapes(client):
    """The tables of models render their rows with Jinja2
    (jinja2/comparisons/model_rows.html): each cell escaped as Django's templates do, an
    unknown figure as unknown."""
    LanguageModelFactory(slug="alpha", name="Alpha", best_for="""Say "hi" & <b>'s""")
    LanguageModelFactory(slug="beta", name="Beta", best_for="")
    page = client.get(url("alpha", "beta")).text
    assert (
        '<tr><th scope="row">Best for</th><td>Say &quot;hi&quot; &amp; &lt;b&gt;&#x27;s</td>'
        '<td><span class="unknown">Unknown</span></td></tr>'
    ) in page
