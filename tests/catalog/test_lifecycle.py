"""A retired model keeps its last listed price, shown as such, never as a current route, a
cheapest route or a monthly cost; a retirement announced for a later date is shown."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.formatting import format_last_listed
from catalog.models import LanguageModel, Offering, lifecycle_is_retired
from comparisons.analysis import build_comparison
from comparisons.costs import Traffic
from comparisons.snapshots import capability_refs, snapshot_models
from tests.comparisons.test_analysis import compare, model, route
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

TODAY = dt.date(2026, 11, 30)
RETIRED_ON = dt.date(2026, 2, 19)


@pytest.mark.parametrize(
    ("lifecycle", "retires_on", "retired"),
    [
        ("active", None, False),
        ("retired", None, True),
        ("deprecated", TODAY, True),  # the retirement day itself: requests fail
        ("deprecated", TODAY + dt.timedelta(days=1), False),
        ("active", TODAY - dt.timedelta(days=1), True),  # past its date, whatever it says
    ],
)
def test_a_model_is_retired_by_its_lifecycle_or_its_date(lifecycle, retires_on, retired):
    assert lifecycle_is_retired(lifecycle, retires_on, today=TODAY) is retired


def test_last_listed_text():
    assert (
        format_last_listed(Decimal("3"), Decimal("15"), "Anthropic API", retired_on=RETIRED_ON)
        == "last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026"
    )
    assert format_last_listed(None, Decimal("15")) == "retired; no last listed price is sourced"


def test_a_retired_snapshot_has_no_cost_and_says_its_last_price():
    retired = model(
        "old",
        is_retired=True,
        lifecycle="retired",
        retires_on=RETIRED_ON,
        last_listed="last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026",
    )
    result = compare(retired, model("new", routes=(route("P1"),)))
    cell = next(c for c in result.costs if c.model.name == "Old")
    assert (cell.total, cell.detail) == (
        "Retired",
        "Last listed $3.00 / $15.00 (Anthropic API), "
        "retired 19 Feb 2026: no provider serves it any more",
    )
    assert not [s for s in result.signals if s.kind == "price"]
    assert (
        "Old is unavailable at a listed price: last listed $3.00 / $15.00 (Anthropic API), retired "
        "19 Feb 2026." in result.verdict.text
    )


def test_an_announced_retirement_shows_in_switch_friction():
    later = model("later", retires_on=dt.date(2027, 1, 5), successor_name="Next")
    result = compare(model("a"), later)
    to_later = next(f for f in result.friction if f.to_model.name == "Later")
    assert (
        "Later's retirement is announced for 5 Jan 2027; its named successor is Next: think "
        "twice before moving to it." in to_later.bullets
    )
    from_later = next(f for f in result.friction if f.from_model.name == "Later")
    assert any(b.endswith("moving off it is due.") for b in from_later.bullets)


@pytest.fixture
def retired(db):
    """Retired since February, though its route still says generally available."""
    lab_api = ProviderFactory(slug="anthropic", name="Anthropic API", kind="first-party")
    sonnet = LanguageModelFactory(
        slug="claude-3-7-sonnet",
        name="Claude 3.7 Sonnet",
        lifecycle=LanguageModel.Lifecycle.DEPRECATED,
        deprecated_on=dt.date(2025, 10, 28),
        retires_on=RETIRED_ON,
    )
    OfferingFactory(
        model=sonnet,
        provider=lab_api,
        input_usd_per_mtok=Decimal("3"),
        output_usd_per_mtok=Decimal("15"),
    )
    OfferingFactory(
        model=sonnet, input_usd_per_mtok=Decimal("2"), output_usd_per_mtok=Decimal("10")
    )
    return sonnet


def test_a_retired_models_routes_are_never_live_nor_its_cheapest(retired):
    assert not Offering.objects.live().filter(model=retired).exists()
    annotated = LanguageModel.objects.with_cheapest_route().get(pk=retired.pk)
    assert annotated.cheapest_input_usd_per_mtok is None
    assert annotated.offering_count == 0
    # Its last listed price is the lab's own, not the cheaper reseller's.
    assert (annotated.last_listed_input_usd_per_mtok, annotated.last_listed_provider_name) == (
        Decimal("3"),
        "Anthropic API",
    )
    assert annotated.last_listed_text == (
        "last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026"
    )


def test_a_retirement_date_to_come_keeps_the_routes_live(retired):
    retired.retires_on = timezone.localdate() + dt.timedelta(days=30)
    retired.save()
    assert Offering.objects.live().filter(model=retired).count() == 2
    text = retired.__class__.objects.get(pk=retired.pk)
    assert text.retirement_announced and not text.is_retired


def test_retired_pages_show_the_last_listed_price_and_no_monthly_cost(client, retired):
    profile = client.get(reverse("catalog:model-detail", args=["claude-3-7-sonnet"])).text
    assert "Retired; deprecated on 28 Oct 2025; retired on 19 Feb 2026" in profile
    assert "None: last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026." in profile

    directory = client.get(reverse("catalog:model-list")).text
    row = directory[directory.index("Claude 3.7 Sonnet") :]
    row = row[: row.index("</tr>")]
    assert '<span class="tag">retired</span>' in row
    assert '<span class="muted">last listed</span> $3' in row and "$15" in row

    pricing = client.get(reverse("comparisons:pricing"), {"q": "claude 3.7 sonnet"})
    (group,) = [
        g for g in pricing.context["page"].object_list if g.model.slug == "claude-3-7-sonnet"
    ]
    assert group.cheapest is None and group.routes == []

    api = client.get(reverse("catalog:api-models")).json()
    (entry,) = [m for m in api["models"] if m["slug"] == "claude-3-7-sonnet"]
    assert entry["cheapest_input_usd_per_mtok"] is None and entry["retired"] is True
    assert entry["last_listed"] == {
        "input_usd_per_mtok": "3",
        "output_usd_per_mtok": "15",
        "provider": "Anthropic API",
        "retired_on": "2026-02-19",
    }

    other = LanguageModelFactory(slug="current", name="Current")
    OfferingFactory(model=other)
    comparison = build_comparison(
        snapshot_models(["claude-3-7-sonnet", "current"]),
        capabilities=capability_refs(),
        traffic=Traffic(input_tokens=1_000_000, output_tokens=1_000_000),
    )
    sonnet = next(c for c in comparison.costs if c.model.name == "Claude 3.7 Sonnet")
    assert sonnet.total == "Retired" and not sonnet.estimate.available
    assert sonnet.detail.startswith(
        "Last listed $3.00 / $15.00 (Anthropic API), retired 19 Feb 2026"
    )
    assert comparison.models[0].routes == ()


def test_a_list_shows_a_retired_model_without_a_listed_price_as_retired():
    """Each side on its own: the input price last listed, the output price never sourced."""
    from django.template import Context, Template

    model = LanguageModelFactory.build(lifecycle=LanguageModel.Lifecycle.RETIRED)
    model.last_listed_input_usd_per_mtok, model.last_listed_output_usd_per_mtok = Decimal(3), None
    model.cheapest_input_usd_per_mtok = model.cheapest_output_usd_per_mtok = Decimal(1)
    row = Template('{% load figures %}{% listed_price m "input" %}|{% listed_price m "output" %}')
    assert row.render(Context({"m": model})) == (
        '<span class="muted">last listed</span> $3.00|<span class="unknown">retired</span>'
    )
    model.lifecycle = LanguageModel.Lifecycle.ACTIVE
    assert row.render(Context({"m": model})) == "$1.00|$1.00"
