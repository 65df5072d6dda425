"""Feeds carry editors' text: control characters stripped, descriptions escaped as HTML."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def messy_model():
    model = LanguageModelFactory(
        slug="alpha",
        name="Alpha\x0b One",
        summary='Fast\x0b and <b>bold</b> & cheap\x1b\x7f <script>alert("x")</script>',
    )
    offering = OfferingFactory.build(
        model=model,
        provider=ProviderFactory(slug="host", name="Host\x07 Cloud"),
        input_usd_per_mtok=Decimal("1.00"),
        output_usd_per_mtok=Decimal("5.00"),
    )
    offering.price_effective_on = dt.date(2026, 1, 1)
    offering.save()
    offering.input_usd_per_mtok = Decimal("0.80")
    offering.price_effective_on = dt.date(2026, 3, 1)
    offering.save()
    return model


def test_model_feeds_stay_200_and_strip_control_characters(client, messy_model):
    rss = client.get("/feeds/models/")
    atom = client.get("/feeds/models/atom/")
    assert rss.status_code == 200 and atom.status_code == 200
    item = ET.fromstring(rss.content).find("channel/item")
    assert item.findtext("title") == f"Alpha One ({messy_model.lab.name})"
    # Readers render the description as HTML: the summary's markup arrives as text.
    assert item.findtext("description") == (
        "Fast and &lt;b&gt;bold&lt;/b&gt; &amp; cheap "
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    entry = ET.fromstring(atom.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text.startswith("Fast and &lt;b&gt;bold&lt;/b&gt;")


def test_price_feeds_stay_200_and_strip_control_characters(client, messy_model):
    rss = client.get("/feeds/prices/")
    atom = client.get("/feeds/prices/atom/")
    assert rss.status_code == 200 and atom.status_code == 200
    item = ET.fromstring(rss.content).find("channel/item")
    assert item.findtext("title").startswith("Alpha One on Host Cloud: input ")
    assert item.findtext("description").startswith("From 1 Mar 2026, Host Cloud charges")
