"""One "price change" (catalog.price_history): which records are changes, and from what;
price_changes() (SQL: home page, price feed) and last_price_change() (Python: model pages,
/pricing/) agree."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise

import pytest

from catalog.models import PriceRecord
from catalog.price_history import (
    PriceChange,
    in_history_order,
    is_price_change,
    last_price_change,
    price_changes,
)
from catalog.version import bump_catalogue_version
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def reprice(offering, day, **prices):
    for field, value in prices.items():
        setattr(offering, field, None if value is None else Decimal(value))
    offering.price_effective_on = DAY + dt.timedelta(days=day)
    offering.save()


@pytest.fixture
def routes():
    def route(slug, input_price="1", output_price="5"):
        offering = OfferingFactory(
            provider=ProviderFactory(slug=slug, name=slug.title()),
            input_usd_per_mtok=None if input_price is None else Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
            cached_input_usd_per_mtok=Decimal("0.1"),
        )
        offering.price_history.update(effective_on=DAY)  # its first record, dated today
        return offering

    made = {}
    # Cached input alone changes, then the input price: only the second is a change.
    made["cached-then-input"] = r = route("cached-then-input")
    reprice(r, 1, cached_input_usd_per_mtok="0.05")
    reprice(r, 2, input_usd_per_mtok="0.8")
    # An unknown input price becoming known is a change.
    made["becomes-known"] = r = route("becomes-known", input_price=None)
    reprice(r, 3, input_usd_per_mtok="1")
    # Only the cache-write price ever changes: no price change at all.
    made["cache-write-only"] = r = route("cache-write-only")
    reprice(r, 4, cache_write_usd_per_mtok="1.25")
    # A change and a change back: both are changes, the later is the last.
    made["and-back"] = r = route("and-back")
    reprice(r, 5, output_usd_per_mtok="4")
    reprice(r, 6, output_usd_per_mtok="5")
    # A route that never changed.
    made["never"] = route("never")
    return made


def test_sql_and_python_find_the_same_price_changes(routes):
    in_sql = {}
    for record in price_changes():
        in_sql.setdefault(record.offering.provider.slug, PriceChange.of(record))
    in_python = {
        slug: change
        for slug, offering in routes.items()
        if (change := last_price_change(list(offering.price_history.all())))
    }
    assert in_sql == in_python
    assert {slug: c.summary for slug, c in in_python.items()} == {
        "cached-then-input": "input $1.00 → $0.80",
        "becomes-known": "input unknown → $1.00",
        "and-back": "output $4.00 → $5.00",
    }
    assert in_python["cached-then-input"].changed_on == DAY + dt.timedelta(days=2)


def test_every_change_is_listed_newest_first_and_nothing_else(routes):
    listed = [(r.offering.provider.slug, r.effective_on.day) for r in price_changes()]
    assert listed == [
        ("and-back", 7),
        ("and-back", 6),
        ("becomes-known", 4),
        ("cached-then-input", 3),
    ]
    assert sum(len(o.price_history.all()) for o in routes.values()) == 11  # 7 are no change


def test_the_price_feed_reads_each_change_as_its_summary(client, routes):
    text = client.get("/feeds/prices/").text
    assert "Cached-Then-Input: input $1.00 → $0.80</title>" in text
    assert "Cache-Write-Only" not in text


def record(offering, day, input_price, output_price, minute=0):
    made = PriceRecord.objects.create(
        offering=offering,
        effective_on=dt.date(2026, 1, day),
        input_usd_per_mtok=Decimal(input_price),
        output_usd_per_mtok=Decimal(output_price),
    )
    PriceRecord.objects.filter(pk=made.pk).update(
        recorded_at=dt.datetime(2026, 1, day, 12, minute, tzinfo=dt.UTC)
    )
    return made


def test_a_change_is_a_record_after_a_routes_first_with_the_prices_before_it():
    route = OfferingFactory(model__name="Alpha")
    other = OfferingFactory(model__name="Beta")
    draft = OfferingFactory(model=LanguageModelFactory(is_published=False))
    PriceRecord.objects.all().delete()  # the records the factories' saves made
    record(route, 1, "1", "5")  # where the history starts: not a change
    record(route, 10, "0.8", "4")
    record(route, 10, "0.7", "4", minute=30)  # same day, recorded later: after the 0.8
    record(other, 20, "3", "9")  # a newer first record: still not a change
    record(draft, 1, "1", "1")
    record(draft, 30, "2", "2")  # a draft model's change is not shown
    changes = [
        (r.offering.model.name, r.effective_on.day, r.old_input, r.input_usd_per_mtok)
        for r in price_changes()
    ]
    assert changes == [
        ("Alpha", 10, Decimal("0.8"), Decimal("0.7")),
        ("Alpha", 10, Decimal("1"), Decimal("0.8")),
    ]
    assert price_changes()[0].old_output == Decimal("4")


# The stored flag (PriceRecord.changes_price) is the rule, after every kind of write ------
def flags_by_the_rule() -> dict[int, bool]:
    """Each record's id: whether ``is_price_change`` holds against its predecessor."""
    routes: dict[int, list] = defaultdict(list)
    for record in PriceRecord.objects.all():
        routes[record.offering_id].append(record)
    flags = {}
    for records in routes.values():
        ordered = in_history_order(records)
        flags[ordered[0].pk] = False
        for older, newer in pairwise(ordered):
            flags[newer.pk] = is_price_change(older, newer)
    return flags


def wrong_flags() -> dict[int, bool]:
    """Each record whose stored flag is not the rule's: what is stored (read as stored)."""
    stored = dict(PriceRecord.objects.values_list("pk", "changes_price"))
    return {pk: stored[pk] for pk, flag in flags_by_the_rule().items() if stored[pk] != flag}


def test_every_stored_flag_is_the_rule_after_the_bundled_load(bundled):
    assert PriceRecord.objects.filter(changes_price=True).count() > 0
    assert wrong_flags() == {}


def test_every_stored_flag_is_the_rule_after_the_modelsdev_import(imported):
    assert PriceRecord.objects.count() > 1000
    assert wrong_flags() == {}


def test_price_edits_are_flagged_at_commit(routes, django_capture_on_commit_callbacks):
    route = routes["never"]
    with django_capture_on_commit_callbacks(execute=True):
        reprice(route, 8, output_usd_per_mtok="4.5")
        reprice(route, 9, cached_input_usd_per_mtok="0.01")  # no change
    newest = route.price_history.order_by("-effective_on")
    assert [r.changes_price for r in newest] == [False, True, False]
    assert wrong_flags() == {}


def test_a_record_dated_inside_the_history_flags_itself_and_unflags_the_next(
    routes, django_capture_on_commit_callbacks
):
    route = routes["and-back"]  # $5 (day 1), $4 (day 6), $5 (day 7)
    with django_capture_on_commit_callbacks(execute=True):
        PriceRecord.objects.create(
            offering=route,
            effective_on=DAY + dt.timedelta(days=5),  # recorded after the $4: before day 7
            input_usd_per_mtok=Decimal("1"),
            output_usd_per_mtok=Decimal("5"),
        )
    flags = [r.changes_price for r in PriceRecord.objects.filter(offering=route).order_by("pk")]
    assert flags == [False, True, False, True]  # day 1, day 6, day 7 (the same $5), the new
    assert wrong_flags() == {}
    listed = [(r.effective_on.day, r.old_output) for r in price_changes() if r.offering == route]
    assert listed == [(6, Decimal("4")), (6, Decimal("5"))]


def test_deleting_a_change_in_the_middle_unflags_a_return_to_the_old_price(
    routes, django_capture_on_commit_callbacks
):
    route = routes["and-back"]  # $5, $4, $5: deleting the $4 leaves no change at all
    with django_capture_on_commit_callbacks(execute=True):
        route.price_history.get(effective_on=DAY + dt.timedelta(days=5)).delete()
    assert not route.price_history.filter(changes_price=True).exists()
    assert wrong_flags() == {}
    assert route.pk not in {r.offering_id for r in price_changes()}


def test_deleting_a_route_deletes_its_changes(routes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        routes["and-back"].delete()
    assert [r.offering.provider.slug for r in price_changes()] == [
        "becomes-known",
        "cached-then-input",
    ]
    assert wrong_flags() == {}


def test_a_read_in_the_writing_transaction_sees_its_own_changes(routes):
    route = routes["never"]
    reprice(route, 8, input_usd_per_mtok="0.5")  # not committed: read in this transaction
    assert price_changes()[0].offering == route
    assert PriceChange.of(price_changes()[0]).summary == "input $1.00 → $0.50"


def test_bulk_writes_are_flagged_by_the_bump(routes):
    route = routes["cache-write-only"]
    newest = route.price_history.get(effective_on=DAY + dt.timedelta(days=4))
    PriceRecord.objects.filter(pk=newest.pk).update(output_usd_per_mtok=Decimal("6"))
    bump_catalogue_version()
    assert wrong_flags() == {}
    assert PriceRecord.objects.get(pk=newest.pk).changes_price
