"""Each figure shows how old it is; figures not checked within STALE_AFTER_DAYS are flagged."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.formatting import format_date
from catalog.models import stale_before
from tests.factories import (
    FactSourceFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


def section(text: str, anchor: str) -> str:
    start = text.index(f'id="{anchor}"')
    return text[start : text.index("</section>", start)]


def row(text: str, label: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\">{label}</th>.*?</tr>", text, re.S)
    assert match, label
    return match.group(0)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def model(today):
    model = LanguageModelFactory(slug="alpha", name="Alpha", last_reviewed_on=today)
    FactSourceFactory(model=model, checked_on=dt.date(2026, 5, 19))  # context window: stale
    FactSourceFactory(model=model, field="release_date", checked_on=today)
    return model


def test_stale_price_is_flagged_with_its_date_and_fresh_one_is_not(client, model, today):
    OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="old", name="Old host"),
        last_verified_on=dt.date(2026, 5, 19),
    )
    OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="new", name="New host"),
        last_verified_on=today,
    )
    pricing = section(client.get(model.get_absolute_url()).text, "pricing")
    old = pricing[pricing.index("Old host") :].split("</tr>")[0]
    new = pricing[pricing.index("New host") :].split("</tr>")[0]
    assert 'class="freshness stale"' in old
    assert "Stale:</strong> last checked 19 May 2026" in old
    assert "stale" not in new.lower() and "last checked" not in new
    assert f"checked {format_date(today)}" in new


def test_model_facts_show_their_checked_date_and_stale_ones_are_flagged(client, model, today):
    specs = section(client.get(model.get_absolute_url()).text, "specs")
    assert "Stale:</strong> last checked 19 May 2026" in row(specs, "Context window")
    released = row(specs, "Released")
    assert f"checked {format_date(today)}" in released and "stale" not in released
    # A figure without a source row of its own was checked when the model was reviewed.
    assert f"checked {format_date(today)}" in row(specs, "Max output")


def test_a_model_never_reviewed_says_so(client):
    model = LanguageModelFactory(last_reviewed_on=None)
    specs = section(client.get(model.get_absolute_url()).text, "specs")
    assert "never checked" in row(specs, "Max output")


def test_comparison_flags_stale_prices_and_sources(client, model, today):
    other = LanguageModelFactory(slug="beta", name="Beta")
    OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="old", name="Old host"),
        last_verified_on=dt.date(2026, 5, 19),
    )
    OfferingFactory(
        model=other,
        provider=ProviderFactory(slug="new", name="New host"),
        last_verified_on=today,
    )
    text = client.get(reverse("comparisons:compare", args=["alpha-vs-beta"])).text
    pricing = section(text, "pricing")
    old = pricing[pricing.index('<th scope="row">Old host') :].split("</tr>")[0]
    new = pricing[pricing.index('<th scope="row">New host') :].split("</tr>")[0]
    assert "Stale:</strong> last checked 19 May 2026" in old
    assert "stale" not in new.lower() and f"checked {format_date(today)}" in new
    sources = section(text, "sources")
    assert "Stale:</strong> last checked 19 May 2026" in sources


def test_stale_threshold_follows_the_setting(client, model, settings, today):
    OfferingFactory(model=model, last_verified_on=today - dt.timedelta(days=10))
    assert "last checked" not in section(client.get(model.get_absolute_url()).text, "pricing")
    settings.STALE_AFTER_DAYS = 5
    assert "last checked" in section(client.get(model.get_absolute_url()).text, "pricing")


def test_what_is_stale_lists_offerings_and_models(editor_client, model):
    OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="old", name="Old host"),
        last_verified_on=dt.date(2026, 5, 19),
    )
    LanguageModelFactory(
        name="Reviewed long ago", last_reviewed_on=stale_before() - dt.timedelta(1)
    )
    response = editor_client.get(reverse("admin:catalog_languagemodel_stale"))
    assert response.status_code == 200
    assert "Reviewed long ago" in response.text
    assert "Old host" in response.text
