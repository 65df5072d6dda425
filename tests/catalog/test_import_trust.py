"""Issue 9's done-when: the full models.dev snapshot and its models.json imported over the
bundled catalogue never make a public page lie, and never undo an editor's work.

The imported database is built once per run (the ``imported`` fixture, tests/layers.py) and
each test runs in its own transaction on top of it.
"""

import html
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.importers.bundled import DEFAULT_DIRECTORY, load_catalogue
from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.openrouter import import_openrouter
from catalog.importers.proposals import json_value
from catalog.models import (
    LanguageModel,
    ModelCapability,
    Offering,
    PriceRecord,
    ProposedChange,
    Provider,
    ReviewStatus,
    RouteKind,
)
from catalog.price_history import last_price_change
from catalog.review import accept_change
from tests.catalog.test_admin import errors, form_data
from tests.layers import SNAPSHOT, import_snapshot

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SNAPSHOT.is_dir(), reason=f"no models.dev snapshot at {SNAPSHOT}"),
]
LIST_PAGES = [
    "/",
    "/models/",
    "/compare/",
    "/pricing/",
    "/providers/",
    "/benchmarks/",
    "/faq/",
    "/sitemap.xml",
    "/feeds/models/",
    "/feeds/prices/",
    "/api/models.json",
    "/api/providers.json",
    "/api/offerings.json",
    "/api/benchmarks.json",
    "/api/benchmark-results.json",
    "/api/models.csv",
    "/api/offerings.csv",
]


def run_everything():
    """What `make run` and both importers do, in order: returns the two import runs."""
    load_catalogue()
    return import_snapshot()


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_every_public_url_answers_without_a_server_error(imported, client):
    def locations(path):
        return {
            re.sub(r"^https?://[^/]+", "", loc)
            for loc in re.findall(r"<loc>([^<]+)</loc>", client.get(path).content.decode())
        }

    sections = locations("/sitemap.xml")  # the sitemap is an index of sections
    paths = set().union(*(locations(section) for section in sections))
    assert len(paths) > 100
    failures = {}
    for path in sorted(paths | set(LIST_PAGES)):
        status = client.get(path).status_code
        if status != 200:
            failures[path] = status
    assert failures == {}


def test_no_published_model_is_cheapest_on_a_free_or_zero_route(imported):
    models = LanguageModel.objects.published().with_cheapest_route()
    priced = [m for m in models if m.cheapest_input_usd_per_mtok is not None]
    assert len(priced) > 50
    zero = [
        m.slug
        for m in priced
        if m.cheapest_input_usd_per_mtok + m.cheapest_output_usd_per_mtok == 0
    ]
    assert zero == []
    free_routes = Offering.objects.filter(kind=RouteKind.FREE_TIER)
    assert free_routes.filter(provider_model_id__endswith=":free").exists()
    zero_prices = Offering.objects.filter(input_usd_per_mtok=0, output_usd_per_mtok=0)
    assert (
        not zero_prices.exclude(kind=RouteKind.FREE_TIER)
        .exclude(provider__kind=RouteKind.FREE_TIER)
        .filter(review_status=ReviewStatus.PENDING)
        .exists()
    )  # an import's $0 is only a free route's


def test_the_seed_pairs_figures_are_unchanged(imported):
    haiku = LanguageModel.objects.with_cheapest_route().get(slug="claude-haiku-4-5")
    assert (
        haiku.cheapest_input_usd_per_mtok,
        haiku.cheapest_output_usd_per_mtok,
        haiku.cheapest_provider_name,
    ) == (Decimal(1), Decimal(5), "Anthropic API")
    first_party = Offering.objects.get(
        provider__slug="anthropic", provider_model_id="claude-haiku-4-5-20251001"
    )
    assert (first_party.input_usd_per_mtok, first_party.output_usd_per_mtok) == (1, 5)
    assert LanguageModel.objects.get(slug="claude-3-5-sonnet-v2").lifecycle == "retired"


def test_identity_matches_published_models_and_sends_doubtful_ids_to_review(imported):
    def model_of(provider: str, route: str) -> str:
        return Offering.objects.get(provider__slug=provider, provider_model_id=route).model.slug

    assert model_of("openrouter", "anthropic/claude-haiku-4.5") == "claude-haiku-4-5"
    assert model_of("llama", "llama-4-scout-17b-16e-instruct-fp8") == "llama-4-scout"
    assert model_of("digitalocean", "openai-gpt-oss-120b") == "gpt-oss-120b"
    assert model_of("ollama-cloud", "gpt-oss:120b") == "gpt-oss-120b"
    june = Offering.objects.get(
        provider__slug="anthropic", provider_model_id="claude-3-5-sonnet-20240620"
    )
    assert june.model.slug != "claude-3-5-sonnet-v2"  # June 2024 is another model
    assert june.model.review_status == ReviewStatus.PENDING
    assert "ambiguous: claude-3-5-sonnet has several snapshots" in imported[0].report


def test_provenance_is_the_snapshots_date_and_file(imported):
    new = Offering.objects.get(
        provider__slug="nebius", provider_model_id="openai/gpt-oss-120b-fast"
    )
    assert (new.review_status, new.last_verified_on.isoformat()) == ("pending", "2026-07-02")
    assert new.source_note == (
        "models.dev snapshot of 2026-07-02: providers/nebius/models/openai/gpt-oss-120b-fast.toml"
    )
    assert new.price_history.get().effective_on.isoformat() == "2026-07-02"
    # Bundled routes keep the dates of the documents the catalogue read: imports that
    # agree with them, or may only propose changes, move no date.
    bundled = {}
    for path in DEFAULT_DIRECTORY.glob("*.json"):
        for model in json.loads(path.read_text()).get("models", []):
            for offering in model.get("offerings", []):
                key = (offering["provider"], offering["provider_model_id"])
                bundled[key] = offering.get("last_verified_on")
    stored = {
        (provider, route): day.isoformat() if day else None
        for provider, route, day in Offering.objects.filter(
            review_status=ReviewStatus.ACCEPTED
        ).values_list("provider__slug", "provider_model_id", "last_verified_on")
    }
    assert len(bundled) > 300
    assert {key: stored[key] for key in bundled if stored[key] != bundled[key]} == {}


def test_nothing_unreviewed_is_public_until_accepted(imported, client):
    provider = Provider.objects.get(slug="tinfoil")  # not in the bundled catalogue
    assert provider.review_status == ReviewStatus.PENDING
    route = provider.offerings.filter(model__is_published=True).select_related("model").first()
    page = route.model.get_absolute_url()
    assert provider.name not in client.get(page).content.decode()
    assert '"tinfoil"' not in client.get("/api/providers.json").content.decode()
    wafer = Provider.objects.get(slug="wafer-ai")  # a folder named "wafer.ai"
    assert wafer.review_status == ReviewStatus.PENDING

    Provider.objects.filter(pk=provider.pk).update(review_status=ReviewStatus.ACCEPTED)
    Offering.objects.filter(pk=route.pk).update(review_status=ReviewStatus.ACCEPTED)
    cache.clear()

    assert provider.name in client.get(page).content.decode()
    assert '"tinfoil"' in client.get("/api/providers.json").content.decode()


def test_a_second_run_of_everything_changes_nothing(imported):
    # OpenRouter's drafts may name routes models.dev could not place: one more import
    # of models.dev attaches those; after that, nothing changes any more.
    import_modelsdev(SNAPSHOT)
    records = PriceRecord.objects.count()
    load = load_catalogue()
    modelsdev, openrouter = import_modelsdev(SNAPSHOT), import_openrouter(SNAPSHOT / "models.json")
    assert load.changes == 0, load.summary()
    assert modelsdev.counts["changes"] == 0, modelsdev.report[:2000]
    assert openrouter.counts["changes"] == 0, openrouter.report[:2000]
    assert PriceRecord.objects.count() == records


def test_editors_admin_edits_survive_the_loader_and_both_importers(imported, editor_client):
    haiku = LanguageModel.objects.get(slug="claude-haiku-4-5")
    route = Offering.objects.get(
        provider__slug="anthropic", provider_model_id="claude-haiku-4-5-20251001"
    )
    change = reverse("admin:catalog_offering_change", args=[route.pk])
    data = form_data(editor_client.get(change))
    data["input_usd_per_mtok"] = "0.9"
    response = editor_client.post(change, data)
    assert response.status_code == 302, errors(response)
    model_change = reverse("admin:catalog_languagemodel_change", args=[haiku.pk])
    page = editor_client.get(model_change)
    data = form_data(page)
    data["max_output_tokens"] = "60000"
    data["locked_fields"] = "max_output_tokens,release_date"
    response = editor_client.post(model_change, data)
    assert response.status_code == 302, errors(page) if response.status_code == 200 else ""
    records = list(route.price_history.values_list("effective_on", "input_usd_per_mtok"))

    run_everything()

    route.refresh_from_db()
    haiku.refresh_from_db()
    assert route.input_usd_per_mtok == Decimal("0.9")
    assert haiku.max_output_tokens == 60000
    assert haiku.locked_fields == ["max_output_tokens", "release_date"]
    assert list(route.price_history.values_list("effective_on", "input_usd_per_mtok")) == records
    latest = route.price_history.latest()
    assert latest.input_usd_per_mtok == Decimal("0.9")
    text = editor_client.get(haiku.get_absolute_url()).content.decode()
    change = last_price_change(list(route.price_history.all()))
    assert change.changed_on == latest.effective_on  # the "last change" line agrees
    assert (change.input_before, change.input_after) == (Decimal(1), Decimal("0.9"))
    assert html.escape(change.summary) in text


def accepted_value(change: ProposedChange):
    """The value the target of ``change`` holds now, as a ProposedChange writes it."""
    target = change.target
    target.refresh_from_db()
    if change.field.startswith("capabilities."):
        slug = change.field.removeprefix("capabilities.")
        return ModelCapability.objects.get(model=target, capability__slug=slug).support
    return json_value(target, change.field, getattr(target, change.field))


def test_a_value_an_editor_accepted_stays_theirs_through_the_loader_and_reimports(imported, editor):
    pending = ProposedChange.objects.filter(status=ProposedChange.Status.PENDING)
    picks = [
        # a model fact the bundled catalogue set and models.dev disputes
        pending.filter(model__isnull=False, reason="another source set it")
        .exclude(field__contains=".")
        .order_by("pk")
        .first(),
        # a fact that fills an unknown on a published model
        pending.filter(model__is_published=True, reason__startswith="it fills an unknown")
        .exclude(field__contains=".")
        .order_by("pk")
        .first(),
        # a capability
        pending.filter(field__startswith="capabilities.").order_by("pk").first(),
        # a route's limit or price
        pending.filter(offering__isnull=False).order_by("pk").first(),
    ]
    assert None not in picks, picks
    for change in picks:
        accept_change(change, user=editor)
    wanted = {change.pk: change.new_value for change in picks}

    load = load_catalogue()
    import_modelsdev(SNAPSHOT)
    import_openrouter(SNAPSHOT / "models.json")

    for change in picks:
        assert accepted_value(change) == wanted[change.pk], change
        again = ProposedChange.objects.filter(
            status=ProposedChange.Status.PENDING,
            model=change.model,
            offering=change.offering,
            provider=change.provider,
            field=change.field,
        )
        assert not again.exists(), (change, list(again.values("old_value", "new_value")))
    assert load.changes == 0, load.summary()
    disputed = picks[0]
    assert [line for line in load.kept if disputed.field in line and disputed.model.slug in line]
