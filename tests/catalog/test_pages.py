"""The plain public pages of the catalogue: they show published data and 404 otherwise."""

import pytest
from django.urls import reverse

from tests.factories import BenchmarkResultFactory, LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db


def test_home_links_to_the_models_and_the_admin(client):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("admin:index") in response.text
    assert reverse("catalog:model-list") in response.text


def test_model_page_shows_prices_and_unknowns(client):
    model = LanguageModelFactory(name="Alpha One", max_output_tokens=None)
    OfferingFactory(model=model, provider_model_id="alpha-1", output_usd_per_mtok=None)
    BenchmarkResultFactory(model=model)
    response = client.get(model.get_absolute_url())
    assert response.status_code == 200
    assert "Alpha One" in response.text and "alpha-1" in response.text
    assert "unknown" in response.text


def test_draft_and_unknown_models_are_404(client):
    draft = LanguageModelFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/models/no-such-model/").status_code == 404


def test_lab_provider_and_benchmark_pages(client):
    offering = OfferingFactory()
    result = BenchmarkResultFactory(model=offering.model)
    for url in (
        offering.model.lab.get_absolute_url(),
        offering.provider.get_absolute_url(),
        result.benchmark.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert offering.model.name in response.text
