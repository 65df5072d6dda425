"""Each model's stored route summary (catalog.route_summary) is catalog.routes' one ranking
over its live routes, after every kind of write, and stays right when a date passes."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import LanguageModel, Offering, RouteKind
from catalog.review import merge_model
from catalog.route_summary import (
    BOUND_COLUMNS,
    CHEAPEST_COLUMNS,
    LISTED_COLUMNS,
    RIVAL_COLUMNS,
    summary_columns,
)
from catalog.routes import blended_price, cheapest_route, list_price
from catalog.version import bump_catalogue_version
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

SUMMARY = [*CHEAPEST_COLUMNS, *LISTED_COLUMNS, *BOUND_COLUMNS]


def offer(model, slug, input_price, output_price, kind=RouteKind.INFERENCE_HOST, **kwargs):
    return OfferingFactory(
        model=model,
        provider=ProviderFactory(slug=slug, name=slug.title(), kind=kind),
        input_usd_per_mtok=D(input_price),
        output_usd_per_mtok=D(output_price),
        **kwargs,
    )


def expected(model: LanguageModel) -> dict:
    """The summary by the Python ranking, over the model's live routes right now."""
    live = list(Offering.objects.live().filter(model=model).select_related("provider"))
    best = cheapest_route(live)
    listed = Offering.objects.filter(model=model).select_related("provider").last_listed_first()
    last = listed.first()
    priced = [route for route in live if list_price(route) is not None]

    def extreme(pick, field):
        values = [getattr(route, field) for route in priced]
        return pick((v for v in values if v is not None), default=None)

    return {
        "cheapest_input_usd_per_mtok": best and best.input_usd_per_mtok,
        "cheapest_output_usd_per_mtok": best and best.output_usd_per_mtok,
        "cheapest_provider_name": best and best.provider.name,
        "blended_usd_per_mtok": best
        and blended_price(best.input_usd_per_mtok, best.output_usd_per_mtok),
        "offering_count": len(live),
        "last_listed_input_usd_per_mtok": last and last.input_usd_per_mtok,
        "last_listed_output_usd_per_mtok": last and last.output_usd_per_mtok,
        "last_listed_provider_name": last and last.provider.name,
        "cheapest_cached_input_usd_per_mtok": best and best.cached_input_usd_per_mtok,
        "cheapest_batch_discount_percent": best and best.batch_discount_percent,
        "least_input_usd_per_mtok": extreme(min, "input_usd_per_mtok"),
        "least_output_usd_per_mtok": extreme(min, "output_usd_per_mtok"),
        "least_cached_input_usd_per_mtok": extreme(min, "cached_input_usd_per_mtok"),
        "most_batch_discount_percent": extreme(max, "batch_discount_percent"),
        "most_input_usd_per_mtok": extreme(max, "input_usd_per_mtok"),
        "most_output_usd_per_mtok": extreme(max, "output_usd_per_mtok"),
        "most_cached_input_usd_per_mtok": extreme(max, "cached_input_usd_per_mtok"),
        "least_batch_discount_percent": extreme(min, "batch_discount_percent"),
        "least_cache_write_usd_per_mtok": extreme(min, "cache_write_usd_per_mtok"),
        "most_cache_write_usd_per_mtok": extreme(max, "cache_write_usd_per_mtok"),
        "least_provider_name": min((r.provider.name.lower() for r in priced), default=None),
        "most_provider_name": max((r.provider.name.lower() for r in priced), default=None),
        "every_cached_input": every(priced, "cached_input_usd_per_mtok"),
        "every_cache_write": every(priced, "cache_write_usd_per_mtok"),
        "every_batch_discount": every(priced, "batch_discount_percent"),
        "cheapest_cache_write_usd_per_mtok": best and best.cache_write_usd_per_mtok,
    }


def every(routes: list[Offering], field: str) -> bool | None:
    """Whether every one of ``routes`` has ``field``; none where there is no route."""
    return all(getattr(route, field) is not None for route in routes) if routes else None


def stored(model: LanguageModel) -> dict:
    """What the model's columns hold, read without the read path's refresh or fallback."""
    columns = {**CHEAPEST_COLUMNS, **LISTED_COLUMNS, **BOUND_COLUMNS}
    row = LanguageModel.objects.values(*columns.values()).get(pk=model.pk)
    return {name: row[column] for name, column in columns.items()}


def read(model: LanguageModel) -> dict:
    """What pages read: ``with_cheapest_route()`` (and cost_page, the bounds)."""
    row = (
        LanguageModel.objects.with_cheapest_route()
        .annotate(**summary_columns(list(BOUND_COLUMNS)))
        .get(pk=model.pk)
    )
    return {name: getattr(row, name) for name in SUMMARY}


def every_summary_is_the_ranking() -> dict[str, dict]:
    """Each model whose stored or read summary differs from the ranking: what differs."""
    wrong = {}
    for model in LanguageModel.objects.all():
        want, have, shown = expected(model), stored(model), read(model)
        if differs := {
            k: (have[k], shown[k], v) for k, v in want.items() if v != have[k] or v != shown[k]
        }:
            wrong[model.slug] = differs
    return wrong


def test_every_stored_summary_is_the_ranking_after_the_bundled_load(bundled):
    assert LanguageModel.objects.count() > 150
    assert every_summary_is_the_ranking() == {}


def test_every_stored_summary_is_the_ranking_after_the_modelsdev_import(imported):
    assert every_summary_is_the_ranking() == {}


@pytest.fixture
def routes(db):
    """A model with a host at blended $2.00 and a dearer lab API at $2.25."""
    model = LanguageModelFactory(slug="summarised")
    host = offer(model, "host", "1", "5")  # blended 2
    lab = offer(model, "lab-api", "1", "6", kind=RouteKind.FIRST_PARTY)  # blended 2.25
    return model, host, lab


def test_a_price_edit_that_changes_the_winner_is_stored_at_commit(
    routes, django_capture_on_commit_callbacks
):
    model, _host, lab = routes
    with django_capture_on_commit_callbacks(execute=True):
        lab.output_usd_per_mtok = D("4")  # blended 1.75: now the cheapest
        lab.save()
    summary = stored(model)  # the commit stored it: no read refreshed it
    assert (summary["cheapest_provider_name"], summary["blended_usd_per_mtok"]) == (
        "Lab-Api",
        D("1.75"),
    )
    assert LanguageModel.objects.get(pk=model.pk).cheapest_offering_id == lab.pk
    assert read(model) == expected(model)


def test_a_read_in_the_writing_transaction_sees_its_own_edit(routes):
    model, _host, lab = routes
    assert read(model)["cheapest_provider_name"] == "Host"
    lab.output_usd_per_mtok = D("4")
    lab.save()
    assert read(model)["cheapest_provider_name"] == "Lab-Api"
    assert stored(model) == expected(model)


def test_deleting_the_cheapest_route_stores_the_next(routes, django_capture_on_commit_callbacks):
    model, host, lab = routes
    with django_capture_on_commit_callbacks(execute=True):
        host.delete()
    assert stored(model)["cheapest_provider_name"] == "Lab-Api"
    assert stored(model)["offering_count"] == 1
    assert LanguageModel.objects.get(pk=model.pk).cheapest_offering_id == lab.pk


def test_a_provider_becoming_the_labs_own_api_wins_the_tie(db, django_capture_on_commit_callbacks):
    model = LanguageModelFactory()
    offer(model, "alpha-host", "2", "2")  # blended 2: wins the tie on its slug
    zeta = offer(model, "zeta-lab", "1", "5")  # blended 2
    assert read(model)["cheapest_provider_name"] == "Alpha-Host"
    with django_capture_on_commit_callbacks(execute=True):
        zeta.provider.kind = RouteKind.FIRST_PARTY
        zeta.provider.save()
    assert stored(model)["cheapest_provider_name"] == "Zeta-Lab"
    assert stored(model)["cheapest_input_usd_per_mtok"] == D("1")


def test_a_retiring_model_keeps_only_its_last_listed_price(
    routes, django_capture_on_commit_callbacks
):
    model, _host, _lab = routes
    with django_capture_on_commit_callbacks(execute=True):
        model.lifecycle = LanguageModel.Lifecycle.RETIRED
        model.save()
    summary = stored(model)
    assert summary["cheapest_input_usd_per_mtok"] is None
    assert summary["offering_count"] == 0
    # The lab's own API is what a retired model was last listed at, though it was dearer.
    assert (summary["last_listed_provider_name"], summary["last_listed_output_usd_per_mtok"]) == (
        "Lab-Api",
        D("6"),
    )


def test_a_route_retiring_tomorrow_drops_out_on_the_day_with_no_write(routes, monkeypatch):
    model, host, _lab = routes
    today = timezone.localdate()
    host.retires_on = today + dt.timedelta(days=1)
    host.save()
    assert read(model)["cheapest_provider_name"] == "Host"
    assert LanguageModel.objects.get(pk=model.pk).route_summary_until == host.retires_on

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: host.retires_on)
    with CaptureQueriesContext(connection) as queries:
        summary = read(model)
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]  # no write on a read
    assert summary["cheapest_provider_name"] == "Lab-Api"
    assert summary["offering_count"] == 1
    assert summary == expected(model)
    assert stored(model)["cheapest_provider_name"] == "Host"  # stale, and not read

    call_command("refresh_route_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(model) == expected(model)
    assert LanguageModel.objects.get(pk=model.pk).route_summary_until == dt.date.max


def test_a_model_retiring_by_date_has_no_route_from_that_day(routes, monkeypatch):
    model, _host, _lab = routes
    model.retires_on = timezone.localdate() + dt.timedelta(days=3)
    model.save()
    assert read(model)["offering_count"] == 2
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: model.retires_on)
    assert read(model)["cheapest_provider_name"] is None
    assert read(model)["offering_count"] == 0


def test_bulk_writes_are_stored_by_the_bump(routes):
    model, _host, lab = routes
    Offering.objects.filter(pk=lab.pk).update(output_usd_per_mtok=D("1"))  # no signal
    bump_catalogue_version()
    assert stored(model)["cheapest_provider_name"] == "Lab-Api"


def test_a_merge_moves_the_drafts_routes_into_the_targets_summary(routes):
    model, _host, _lab = routes
    draft = LanguageModelFactory(is_published=False)
    offer(draft, "cheap-host", "0.1", "0.1")
    merge_model(draft, model)
    assert read(model)["cheapest_provider_name"] == "Cheap-Host"
    assert read(model)["offering_count"] == 3


def test_a_summary_never_computed_is_computed_on_read(db):
    """Rows bulk-written and not refreshed yet (an import before its bump) read right."""
    lab = LanguageModelFactory().lab
    (model,) = LanguageModel.objects.bulk_create([LanguageModel(name="Raw", slug="raw", lab=lab)])
    provider = ProviderFactory(slug="host", name="Host")
    Offering.objects.bulk_create(
        [
            Offering(
                model=model,
                provider=provider,
                input_usd_per_mtok=D("1"),
                output_usd_per_mtok=D("5"),
            )
        ]
    )
    assert stored(model)["cheapest_provider_name"] is None
    assert read(model)["cheapest_provider_name"] == "Host"
    assert read(model) == expected(model)


def test_the_cost_bounds_read_priced_routes_only(db, django_capture_on_commit_callbacks):
    """What bounds a month of traffic (comparisons.pricing.cost_page): the cheapest route's
    cached price and discount, and each least price (greatest discount) over the routes
    billed per token with both prices, which may be different routes; a free tier's and a
    $0 route's lower prices are not among them. Stored at commit and computed alike."""
    model = LanguageModelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offer(model, "host", "1", "5", cached_input_usd_per_mtok=D("0.5"))  # blended 2
        offer(model, "other", "2", "3", batch_discount_percent=D("50"))  # blended 2.25
        offer(model, "free", "0.01", "0.01", kind=RouteKind.FREE_TIER, batch_discount_percent=90)
        offer(model, "zero", "0", "1", cached_input_usd_per_mtok=D("0"))
    bounds = {name: stored(model)[name] for name in BOUND_COLUMNS}
    assert bounds == {
        "cheapest_cached_input_usd_per_mtok": D("0.5"),
        "cheapest_batch_discount_percent": None,
        "least_input_usd_per_mtok": D("1"),
        "least_output_usd_per_mtok": D("3"),
        "least_cached_input_usd_per_mtok": D("0.5"),
        "most_batch_discount_percent": D("50"),
        "most_input_usd_per_mtok": D("2"),
        "most_output_usd_per_mtok": D("5"),
        "most_cached_input_usd_per_mtok": D("0.5"),
        "least_batch_discount_percent": D("50"),
        "least_cache_write_usd_per_mtok": None,
        "most_cache_write_usd_per_mtok": None,
        "least_provider_name": "host",
        "most_provider_name": "other",
        "every_cached_input": False,
        "every_cache_write": False,
        "every_batch_discount": False,
        "cheapest_cache_write_usd_per_mtok": None,
    }
    assert stored(model) == expected(model)
    LanguageModel.objects.filter(pk=model.pk).update(route_summary_until=dt.date.min)
    assert read(model) == expected(model)  # computed by the SQL twin


def test_the_rivals_of_the_cheapest_route_are_the_routes_priced_otherwise(
    db, django_capture_on_commit_callbacks
):
    """What bounds the month of a model's other routes (RIVAL_COLUMNS): the least prices and
    greatest discount over its priced routes whose prices or discount differ from its
    cheapest route's; a route identical to it is no rival, a free tier is none. Past its
    date, the bound that says nothing is read (no rival costs under $0), never none (which
    would say it has no rival)."""
    model = LanguageModelFactory()
    alone = LanguageModelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offer(model, "aaa", "1", "5", cached_input_usd_per_mtok=D("0.5"))  # the cheapest
        offer(model, "bbb", "1", "5", cached_input_usd_per_mtok=D("0.5"))  # identical
        offer(model, "ccc", "1", "5", batch_discount_percent=D("50"))  # no cached price
        offer(model, "ddd", "3", "4", cached_input_usd_per_mtok=D("0.2"))
        offer(model, "free", "0.01", "0.01", kind=RouteKind.FREE_TIER)
        offer(alone, "aaa", "1", "5")
        offer(alone, "bbb", "1", "5")

    def rivals(row: LanguageModel, read=False) -> dict:
        columns = (
            summary_columns(list(RIVAL_COLUMNS))
            if read
            else {name: F(column) for name, column in RIVAL_COLUMNS.items()}
        )
        return LanguageModel.objects.filter(pk=row.pk).values(**columns).get()

    assert rivals(model) == {
        "rival_least_input_usd_per_mtok": D("1"),
        "rival_least_output_usd_per_mtok": D("4"),
        "rival_least_cached_input_usd_per_mtok": D("0.2"),
        "rival_most_batch_discount_percent": D("50"),
        "price_rival_least_input_usd_per_mtok": D("3"),  # ddd's: ccc's prices are aaa's
        "price_rival_least_output_usd_per_mtok": D("4"),
    }
    assert set(rivals(alone).values()) == {None}
    LanguageModel.objects.update(route_summary_until=dt.date.min)
    assert rivals(alone, read=True) == {
        "rival_least_input_usd_per_mtok": D("0"),
        "rival_least_output_usd_per_mtok": D("0"),
        "rival_least_cached_input_usd_per_mtok": D("0"),
        "rival_most_batch_discount_percent": D("100"),
        "price_rival_least_input_usd_per_mtok": D("0"),
        "price_rival_least_output_usd_per_mtok": D("0"),
    }
