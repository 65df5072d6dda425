"""Route kinds and review status: only billable, live, accepted routes can be the cheapest."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.bundled_export import write_catalogue
from catalog.formatting import format_price
from catalog.importers.bundled import load_catalogue
from catalog.models import (
    FactSource,
    LanguageModel,
    Offering,
    Provider,
    ReviewStatus,
)
from comparisons.costs import Traffic, route_cost
from comparisons.snapshots import snapshot_models
from tests.catalog.test_export_roundtrip import flush_catalogue, read_dir
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
FREE = Provider.Kind.FREE_TIER


def cheapest(model):
    return LanguageModel.objects.with_cheapest_route().get(pk=model.pk)


def test_a_free_tier_at_zero_is_never_the_cheapest_route():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Paid"), input_usd_per_mtok=D("1"))
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Free host", kind=FREE),
        input_usd_per_mtok=D("0"),
        output_usd_per_mtok=D("0"),
    )
    annotated = cheapest(model)
    assert (annotated.cheapest_provider_name, annotated.cheapest_input_usd_per_mtok) == (
        "Paid",
        D("1"),
    )
    # Both routes are live and accepted: both count as routes, one as the cheapest.
    assert annotated.offering_count == 2


def test_the_route_kind_overrides_the_provider_kind_both_ways():
    model = LanguageModelFactory()
    gateway = ProviderFactory(name="Gateway", kind=Provider.Kind.AGGREGATOR)
    OfferingFactory(
        model=model,
        provider=gateway,
        provider_model_id="m:free",
        kind=FREE,
        input_usd_per_mtok=D("0"),
        output_usd_per_mtok=D("0"),
    )
    OfferingFactory(model=model, provider=gateway, provider_model_id="m", input_usd_per_mtok=D("2"))
    plan = ProviderFactory(name="Plan", kind=Provider.Kind.SUBSCRIPTION)
    metered = OfferingFactory(
        model=model, provider=plan, kind=Provider.Kind.INFERENCE_HOST, input_usd_per_mtok=D("3")
    )
    billable = Offering.objects.filter(model=model).billable()
    assert sorted(o.provider_model_id for o in billable) == sorted(["m", metered.provider_model_id])
    assert cheapest(model).cheapest_input_usd_per_mtok == D("2")
    free = Offering.objects.get(provider_model_id="m:free")
    assert (free.route_kind, free.route_kind_label, free.is_billable) == (
        "free-tier",
        "Free tier or trial",
        False,
    )


def test_a_model_with_only_free_routes_has_no_cheapest_route():
    model = LanguageModelFactory()
    for kind in (FREE, Provider.Kind.SUBSCRIPTION, Provider.Kind.LOCAL):
        OfferingFactory(model=model, provider=ProviderFactory(kind=kind), input_usd_per_mtok=D("0"))
    annotated = cheapest(model)
    assert annotated.cheapest_input_usd_per_mtok is None
    assert annotated.cheapest_provider_name is None
    assert annotated.offering_count == 3


def test_pending_routes_and_routes_of_pending_providers_are_not_cheapest_until_accepted():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Known"), input_usd_per_mtok=D("1"))
    pending_route = OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Pending route"),
        input_usd_per_mtok=D("0.5"),
        review_status=ReviewStatus.PENDING,
    )
    new_provider = ProviderFactory(name="New provider", review_status=ReviewStatus.PENDING)
    OfferingFactory(model=model, provider=new_provider, input_usd_per_mtok=D("0.25"))
    assert cheapest(model).cheapest_provider_name == "Known"
    assert cheapest(model).offering_count == 1
    assert Offering.objects.filter(model=model).live().count() == 1

    pending_route.review_status = ReviewStatus.ACCEPTED
    pending_route.save()
    assert cheapest(model).cheapest_provider_name == "Pending route"
    new_provider.review_status = ReviewStatus.ACCEPTED  # as an editor accepts it
    new_provider.save()
    assert cheapest(model).cheapest_provider_name == "New provider"
    assert cheapest(model).offering_count == 3


def test_ties_go_to_the_labs_own_api_then_to_the_provider_slug():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="A host", slug="b-host"))
    OfferingFactory(model=model, provider=ProviderFactory(name="B host", slug="a-host"))
    assert cheapest(model).cheapest_provider_name == "B host"
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Z lab API", slug="z-lab", kind=Provider.Kind.FIRST_PARTY),
    )
    assert cheapest(model).cheapest_provider_name == "Z lab API"


def test_cheapest_first_lists_billable_routes_before_free_ones():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Paid"), input_usd_per_mtok=D("9"))
    OfferingFactory(
        model=model, provider=ProviderFactory(name="Free", kind=FREE), input_usd_per_mtok=D("0")
    )
    names = [o.provider.name for o in Offering.objects.filter(model=model).cheapest_first()]
    assert names == ["Paid", "Free"]


def test_published_hides_pending_and_rejected_models():
    accepted = LanguageModelFactory(name="Accepted")
    LanguageModelFactory(name="Draft", is_published=False, review_status=ReviewStatus.PENDING)
    LanguageModelFactory(name="Rejected", is_published=False, review_status=ReviewStatus.REJECTED)
    assert list(LanguageModel.objects.published()) == [accepted]


def test_a_pending_model_cannot_be_published():
    with (
        pytest.raises(IntegrityError, match="languagemodel_published_is_accepted"),
        transaction.atomic(),
    ):
        LanguageModelFactory(is_published=True, review_status=ReviewStatus.PENDING)


def test_comparison_costs_use_billable_routes_only():
    model = LanguageModelFactory(slug="solo")
    OfferingFactory(model=model, provider=ProviderFactory(name="Paid"), input_usd_per_mtok=D("1"))
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Free", kind=FREE),
        input_usd_per_mtok=D("0"),
        output_usd_per_mtok=D("0"),
    )
    (snap,) = snapshot_models(["solo"])
    assert [r.provider_name for r in snap.routes] == ["Paid", "Free"]
    assert [r.provider_name for r in snap.billable_routes] == ["Paid"]


def test_the_pricing_table_never_prices_a_month_on_a_free_tier(client):
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Paid"), input_usd_per_mtok=D("1"))
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Free", kind=FREE),
        input_usd_per_mtok=D("0"),
        output_usd_per_mtok=D("0"),
    )
    response = client.get(
        reverse("comparisons:pricing"),
        {"input_tokens_per_month": "1000000", "output_tokens_per_month": "0"},
    )
    (row,) = response.context["page"].object_list
    assert (row.cheapest.offering.provider.name, row.cost.total_usd) == ("Paid", D("1"))
    free = next(r for r in row.routes if r.offering.provider.name == "Free")
    assert (free.cost.total_usd, free.cost.reason) == (
        None,
        "free tier or trial: not billed per token",
    )


def test_kind_notes_and_review_status_survive_export_and_load(tmp_path):
    lab_model = LanguageModelFactory(
        slug="noted",
        source_url="https://example.com/card",
        is_published=False,
        review_status=ReviewStatus.PENDING,
    )
    for field in (FactSource.Field.RELEASE_DATE, FactSource.Field.CONTEXT_WINDOW):
        FactSource.objects.create(
            model=lab_model,
            field=field,
            url="https://example.com/card",
            checked_on=dt.date(2026, 7, 2),
            note="models.dev snapshot of 2026-07-02: models/lab/noted.toml",
        )
    OfferingFactory(
        model=lab_model,
        provider=ProviderFactory(slug="gw", review_status=ReviewStatus.PENDING),
        provider_model_id="noted:free",
        kind=FREE,
        source_note="models.dev snapshot of 2026-07-02: providers/gw/models/noted.toml",
        review_status=ReviewStatus.PENDING,
    )
    BenchmarkResultFactory(
        model=lab_model, benchmark=BenchmarkFactory(slug="bench"), source_note="leaderboard 2026-06"
    )
    first, second = tmp_path / "a", tmp_path / "b"
    write_catalogue(first)
    entry = json.loads((first / f"{lab_model.lab.slug}.json").read_text())["models"][0]
    assert entry["review_status"] == "pending"
    assert entry["source"]["note"] == "models.dev snapshot of 2026-07-02: models/lab/noted.toml"
    offering = entry["offerings"][0]
    assert (offering["kind"], offering["review_status"]) == ("free-tier", "pending")
    assert offering["source_note"].endswith("providers/gw/models/noted.toml")
    assert entry["benchmarks"][0]["source_note"] == "leaderboard 2026-06"

    flush_catalogue()
    load_catalogue(first)
    write_catalogue(second)
    assert read_dir(first) == read_dir(second)
    loaded = Offering.objects.get(provider_model_id="noted:free")
    assert (loaded.kind, loaded.review_status, loaded.provider.review_status) == (
        "free-tier",
        "pending",
        "pending",
    )
    assert set(FactSource.objects.values_list("note", flat=True)) == {
        "models.dev snapshot of 2026-07-02: models/lab/noted.toml"
    }


def test_a_zero_price_on_a_paid_route_is_not_a_price():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Paid"), input_usd_per_mtok=D("3"))
    zero = OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Zero host"),
        input_usd_per_mtok=D("0"),
        output_usd_per_mtok=D("0"),
    )
    assert cheapest(model).cheapest_provider_name == "Paid"
    assert (zero.shown_input_usd_per_mtok, zero.shown_output_usd_per_mtok) == (None, None)
    estimate = route_cost(zero, Traffic(input_tokens=1_000_000, output_tokens=1_000_000))
    assert (estimate.total_usd, estimate.reason) == (
        None,
        "a $0 price on a paid route is not a documented price",
    )


def test_zero_shows_as_a_price_only_on_a_free_tier_with_a_source():
    free = ProviderFactory(kind=FREE)
    sourced = OfferingFactory(
        provider=free, input_usd_per_mtok=D("0"), source_url="https://x.test/"
    )
    unsourced = OfferingFactory(provider=free, input_usd_per_mtok=D("0"), source_url="")
    tiny = OfferingFactory(input_usd_per_mtok=D("0.000001"))
    assert sourced.shown_input_usd_per_mtok == D("0")
    assert unsourced.shown_input_usd_per_mtok is None
    # A tiny price keeps its precision, on the page too.
    assert tiny.shown_input_usd_per_mtok == D("0.000001")
    assert format_price(tiny.shown_input_usd_per_mtok) == "$0.000001"
    # Never a monthly cost, whatever its price.
    estimate = route_cost(sourced, Traffic(input_tokens=1_000_000, output_tokens=0))
    assert estimate.reason == "free tier or trial: not billed per token"
