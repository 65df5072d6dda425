"""Database invariants and the QuerySet vocabulary of the catalogue."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.utils import DatabaseError

from catalog.models import LanguageModel, Offering, PriceRecord, ReviewStatus
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LabFactory,
    LanguageModelFactory,
    LicenseFactory,
    ModelAliasFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


def raises_integrity(callable_, *args, **kwargs):
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        callable_(*args, **kwargs)


def test_slug_must_be_unique():
    LanguageModelFactory(slug="same")
    raises_integrity(LanguageModelFactory, slug="same")


@pytest.mark.parametrize("factory", [LanguageModelFactory, LabFactory, ProviderFactory])
def test_slug_cannot_contain_vs(factory):
    raises_integrity(factory, slug="a-vs-b")


def test_provider_model_id_is_unique_per_provider():
    provider = ProviderFactory()
    OfferingFactory(provider=provider, provider_model_id="x-1")
    OfferingFactory(provider=ProviderFactory(), provider_model_id="x-1")  # other provider: fine
    raises_integrity(OfferingFactory, provider=provider, provider_model_id="x-1")


@pytest.mark.parametrize(
    "field",
    ["input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok"],
)
def test_prices_cannot_be_negative(field):
    raises_integrity(OfferingFactory, **{field: Decimal("-0.01")})


@pytest.mark.parametrize("field", ["context_window_tokens", "max_output_tokens"])
def test_token_limits_must_be_positive(field):
    raises_integrity(LanguageModelFactory, **{field: 0})


def test_active_parameters_cannot_exceed_total():
    raises_integrity(
        LanguageModelFactory, total_parameters_b=Decimal("17"), active_parameters_b=Decimal("109")
    )


def test_alias_identifiers_are_unique_ignoring_case():
    ModelAliasFactory(identifier="claude-haiku-4-5")
    raises_integrity(ModelAliasFactory, identifier="Claude-Haiku-4-5")


def test_score_must_lie_in_the_benchmark_range():
    benchmark = BenchmarkFactory(min_score=Decimal("0"), max_score=Decimal("100"))
    BenchmarkResultFactory(benchmark=benchmark, score=Decimal("100"))
    raises_integrity(BenchmarkResultFactory, benchmark=benchmark, score=Decimal("100.5"))


def test_benchmark_range_cannot_shrink_below_existing_results():
    benchmark = BenchmarkFactory(max_score=Decimal("100"))
    BenchmarkResultFactory(benchmark=benchmark, score=Decimal("80"))
    benchmark.max_score = Decimal("50")
    raises_integrity(benchmark.save)


def test_benchmark_without_range_accepts_any_score():
    benchmark = BenchmarkFactory(min_score=None, max_score=None)
    assert BenchmarkResultFactory(benchmark=benchmark, score=Decimal("1500")).pk


def test_published_excludes_drafts():
    shown = LanguageModelFactory(is_published=True)
    LanguageModelFactory(is_published=False)
    assert list(LanguageModel.objects.published()) == [shown]


def test_unpublished_is_every_model_published_leaves_out():
    """Every state a model can be in: a pending or rejected model, published or not (the
    database refuses publishing one), and an accepted one either way."""

    models = {
        (status, published): LanguageModelFactory(is_published=False, review_status=status)
        for status in ReviewStatus.values
        for published in (False, True)
    }
    for (status, published), model in models.items():
        if published:
            model.is_published = True
            if status == ReviewStatus.ACCEPTED:
                model.save()
            else:
                raises_integrity(model.save)
    shown = set(LanguageModel.objects.published())
    hidden = set(LanguageModel.objects.unpublished())
    assert shown == {models[ReviewStatus.ACCEPTED, True]}
    assert hidden == set(models.values()) - shown


def test_with_cheapest_route_picks_the_cheapest_complete_live_offering():
    model = LanguageModelFactory()
    # Each loser beats the winner on one price: cheaper input but dearer output, or the
    # other way round. Only both prices together decide.
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Low input"),
        input_usd_per_mtok=Decimal("0.50"),
        output_usd_per_mtok=Decimal("20"),
    )
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Cheap"),
        input_usd_per_mtok=Decimal("0.80"),
        output_usd_per_mtok=Decimal("4"),
    )
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Low output"),
        input_usd_per_mtok=Decimal("5"),
        output_usd_per_mtok=Decimal("1"),
    )
    # Cheaper, but incomplete (no output price) or retired: never the cheapest route.
    OfferingFactory(model=model, input_usd_per_mtok=Decimal("0.10"), output_usd_per_mtok=None)
    OfferingFactory(
        model=model,
        input_usd_per_mtok=Decimal("0.01"),
        output_usd_per_mtok=Decimal("0.01"),
        status=Offering.Status.RETIRED,
    )
    annotated = LanguageModel.objects.with_cheapest_route().get(pk=model.pk)
    assert annotated.cheapest_input_usd_per_mtok == Decimal("0.80")
    assert annotated.cheapest_output_usd_per_mtok == Decimal("4")
    assert annotated.cheapest_provider_name == "Cheap"
    assert annotated.offering_count == 4
    billable = model.offerings.live().costed().cheapest_first()
    assert [o.provider.name for o in billable] == ["Cheap", "Low output", "Low input"]


def test_with_cheapest_route_is_none_without_a_complete_price():
    model = LanguageModelFactory()
    OfferingFactory(model=model, input_usd_per_mtok=None, output_usd_per_mtok=None)
    annotated = LanguageModel.objects.with_cheapest_route().get(pk=model.pk)
    assert annotated.cheapest_input_usd_per_mtok is None
    assert annotated.cheapest_provider_name is None


def test_stale_models_and_offerings(settings):
    settings.STALE_AFTER_DAYS = 90
    today = dt.date(2026, 11, 23)
    fresh = LanguageModelFactory(last_reviewed_on=today - dt.timedelta(days=90))
    old = LanguageModelFactory(last_reviewed_on=today - dt.timedelta(days=91))
    never = LanguageModelFactory(last_reviewed_on=None)
    assert set(LanguageModel.objects.stale(today)) == {old, never}
    assert fresh not in LanguageModel.objects.stale(today)

    OfferingFactory(model=fresh, last_verified_on=today)
    stale_offering = OfferingFactory(model=fresh, last_verified_on=dt.date(2026, 1, 1))
    assert list(Offering.objects.stale(today)) == [stale_offering]


def test_open_weights_excludes_proprietary_and_unknown_licenses():
    open_model = LanguageModelFactory(license=LicenseFactory())
    LanguageModelFactory()  # proprietary
    LanguageModelFactory(license=None)
    assert list(LanguageModel.objects.open_weights()) == [open_model]


def test_price_change_keeps_the_old_price_in_history():
    offering = OfferingFactory(input_usd_per_mtok=Decimal("1.00"))
    assert offering.price_history.count() == 1

    offering = Offering.objects.get(pk=offering.pk)
    offering.last_verified_on = dt.date(2026, 11, 23)
    offering.save()  # no price change: no new record
    assert offering.price_history.count() == 1

    offering.input_usd_per_mtok = Decimal("0.80")
    offering.save()
    prices = list(
        PriceRecord.objects.filter(offering=offering)
        .order_by("recorded_at")
        .values_list("input_usd_per_mtok", flat=True)
    )
    assert prices == [Decimal("1.00"), Decimal("0.80")]


def test_batch_prices_follow_the_discount():
    offering = OfferingFactory(
        input_usd_per_mtok=Decimal("1"),
        output_usd_per_mtok=Decimal("5"),
        batch_discount_percent=Decimal("50"),
    )
    assert offering.batch_input_usd_per_mtok == Decimal("0.5")
    assert offering.batch_output_usd_per_mtok == Decimal("2.5")
    offering.batch_discount_percent = None
    assert offering.batch_input_usd_per_mtok is None  # unknown, not free


def test_cheapest_route_prefers_the_labs_own_api_on_a_tie():
    model = LanguageModelFactory()
    OfferingFactory(model=model, provider=ProviderFactory(name="Aardvark Cloud"))
    OfferingFactory(model=model, provider=ProviderFactory(name="Zed Labs API", kind="first-party"))
    annotated = LanguageModel.objects.with_cheapest_route().get(pk=model.pk)
    assert annotated.cheapest_provider_name == "Zed Labs API"
    assert [o.provider.name for o in model.offerings.cheapest_first()] == [
        "Zed Labs API",
        "Aardvark Cloud",
    ]
