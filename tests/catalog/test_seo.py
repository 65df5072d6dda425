"""sitemap.xml, robots.txt and the feeds: public, published objects only."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from catalog.models import Offering, PriceRecord
from tests.factories import (
    BenchmarkResultFactory,
    CuratedComparisonFactory,
    LabFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}


def locations(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {loc.text.removeprefix("http://testserver") for loc in root.findall(".//s:loc", NS)}


def sitemap_paths(client) -> set[str]:
    """Every page the sitemap index leads to, through its sections."""
    sections = locations(client, "/sitemap.xml")
    assert sections and all(s.startswith("/sitemap-") for s in sections)
    return set().union(*(locations(client, section) for section in sections))


def test_sitemap_lists_only_published_objects(client):
    shown = LanguageModelFactory(slug="shown", lab=LabFactory(slug="public-lab"))
    hidden = LanguageModelFactory(
        slug="hidden", is_published=False, lab=LabFactory(slug="draft-lab")
    )
    OfferingFactory(model=shown, provider=ProviderFactory(slug="serving"))
    OfferingFactory(model=hidden, provider=ProviderFactory(slug="only-drafts"))
    BenchmarkResultFactory(model=shown, benchmark__slug="public-bench")
    BenchmarkResultFactory(model=hidden, benchmark__slug="draft-bench")
    other = LanguageModelFactory(slug="other")
    public = CuratedComparisonFactory(language_models=[shown, other])
    draft = CuratedComparisonFactory(language_models=[shown, hidden])
    paths = sitemap_paths(client)
    assert {
        "/",
        "/models/",
        "/providers/",
        "/benchmarks/",
        "/faq/",
        "/compare/",
        "/pricing/",
    } <= paths
    assert "/models/shown/" in paths and "/models/hidden/" not in paths
    assert "/labs/public-lab/" in paths and "/labs/draft-lab/" not in paths
    assert "/providers/serving/" in paths and "/providers/only-drafts/" not in paths
    assert "/benchmarks/public-bench/" in paths and "/benchmarks/draft-bench/" not in paths
    assert public.get_absolute_url() in paths and draft.get_absolute_url() not in paths
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_a_provider_with_only_retired_routes_is_in_the_sitemap_one_serving_no_draft_is_not(
    client,
):
    # Retired routes still show on their models' pages, linking their provider
    # (Provider.objects.public); a draft model's or a pending route's provider is not public.
    model = LanguageModelFactory(slug="current")
    OfferingFactory(model=model, provider=ProviderFactory(slug="serving"))
    OfferingFactory(
        model=model, provider=ProviderFactory(slug="retired-route"), status=Offering.Status.RETIRED
    )
    retired = LanguageModelFactory(slug="gone", lifecycle="retired")
    OfferingFactory(model=retired, provider=ProviderFactory(slug="retired-model"))
    draft = LanguageModelFactory(slug="draft", is_published=False)
    OfferingFactory(model=draft, provider=ProviderFactory(slug="drafts-only"))
    OfferingFactory(
        model=model, provider=ProviderFactory(slug="pending-route"), review_status="pending"
    )
    providers = {path for path in sitemap_paths(client) if path.startswith("/providers/")}
    assert providers == {
        "/providers/",
        "/providers/serving/",
        "/providers/retired-route/",
        "/providers/retired-model/",
    }
    for path in providers:
        assert client.get(path).status_code == 200, path
    assert client.get("/providers/drafts-only/").status_code == 404


def test_robots_txt_allows_all_but_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_new_models_feed_lists_published_models_newest_first(client):
    LanguageModelFactory(name="Older Model", summary="The older one.")
    LanguageModelFactory(name="Newer Model")
    LanguageModelFactory(name="Draft Model", is_published=False)
    rss = client.get("/feeds/models/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    titles = [t.text for t in ET.fromstring(rss.content).findall("./channel/item/title")]
    assert [t.split(" (")[0] for t in titles] == ["Newer Model", "Older Model"]
    assert "The older one." in rss.text
    atom = client.get("/feeds/models/atom/")
    assert atom.status_code == 200
    assert len(ET.fromstring(atom.content).findall("a:entry", NS)) == 2


def test_price_feed_says_old_and_new_price_newest_first(client):
    offering = OfferingFactory(
        model__name="Priced Model",
        provider__name="Cheap Host",
        input_usd_per_mtok=Decimal("3"),
        output_usd_per_mtok=Decimal("15"),
    )
    PriceRecord.objects.filter(offering=offering).update(effective_on=dt.date(2025, 1, 1))
    offering = Offering.objects.get(pk=offering.pk)
    offering.input_usd_per_mtok = Decimal("2")
    offering.price_effective_on = dt.date(2026, 1, 1)
    offering.save()
    offering = Offering.objects.get(pk=offering.pk)
    offering.output_usd_per_mtok = Decimal("10")
    offering.price_effective_on = dt.date(2026, 6, 1)
    offering.save()
    draft = OfferingFactory(model__is_published=False, input_usd_per_mtok=Decimal("9"))
    draft = Offering.objects.get(pk=draft.pk)
    draft.input_usd_per_mtok = Decimal("1")
    draft.save()
    rss = client.get("/feeds/prices/")
    assert rss.status_code == 200
    titles = [t.text for t in ET.fromstring(rss.content).findall("./channel/item/title")]
    assert titles == [
        "Priced Model on Cheap Host: output $15.00 → $10.00",
        "Priced Model on Cheap Host: input $3.00 → $2.00",
    ]
    assert "/models/" in rss.text and "#pricing" in rss.text
    atom = client.get("/feeds/prices/atom/")
    assert len(ET.fromstring(atom.content).findall("a:entry", NS)) == 2
