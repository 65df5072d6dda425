"""One rule for which providers the public sees (``Provider.objects.public``), the same on the
provider list, the provider pages, the sitemap, the directory's filter and the open data."""

import pytest

from catalog.models import Provider, ReviewStatus
from tests.catalog.test_seo import sitemap_paths
from tests.factories import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers():
    current = ProviderFactory(slug="current", name="Current Host")
    OfferingFactory(provider=current)
    retired = ProviderFactory(slug="only-retired", name="Retired Host")
    OfferingFactory(provider=retired, status="retired")
    draft = ProviderFactory(slug="only-draft", name="Draft Host")
    OfferingFactory(provider=draft, model__is_published=False)
    waiting = ProviderFactory(slug="route-pending", name="Waiting Host")
    OfferingFactory(provider=waiting, review_status=ReviewStatus.PENDING)
    pending = ProviderFactory(
        slug="provider-pending", name="Pending Host", review_status=ReviewStatus.PENDING
    )
    OfferingFactory(provider=pending)
    ProviderFactory(slug="serves-nothing", name="Idle Host")


PUBLIC = {"current", "only-retired"}  # a retired route still shows on its model's page
HIDDEN = {"only-draft", "route-pending", "provider-pending", "serves-nothing"}


def test_public_providers_serve_a_published_model_through_an_accepted_route(providers):
    assert set(Provider.objects.public().values_list("slug", flat=True)) == PUBLIC


def test_every_public_place_shows_the_public_providers_and_no_other(client, providers):
    listing = client.get("/providers/").text
    sitemap = sitemap_paths(client)
    api = {p["slug"] for p in client.get("/api/providers.json").json()["providers"]}
    directory = client.get("/models/").text
    for slug in PUBLIC:
        assert client.get(f"/providers/{slug}/").status_code == 200, slug
        assert f'href="/providers/{slug}/"' in listing, slug
        assert f"/providers/{slug}/" in sitemap, slug
        assert f'value="{slug}"' in directory, slug
    for slug in HIDDEN:
        assert client.get(f"/providers/{slug}/").status_code == 404, slug
        assert f"/providers/{slug}/" not in listing, slug
        assert f"/providers/{slug}/" not in sitemap, slug
        assert f'value="{slug}"' not in directory, slug
    assert api == PUBLIC
