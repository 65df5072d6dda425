"""The price-change list (home page, price feed): which records are changes, and from what."""

import datetime as dt
from decimal import Decimal

import pytest

from catalog.models import PriceRecord
from catalog.price_history import price_changes
from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db


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


def test_a_change_is_any_record_after_a_routes_first_with_the_prices_before_it():
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
