"""Bad input anywhere on the public site: a clear 4xx or a page with a message, never a 500."""

import pytest

from catalog.models import MAX_PRICE, MONEY
from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db

PRICE_PLACES = f"no more than {MONEY['decimal_places']} decimal places"

URLS = [
    "/models/?page=abc",
    "/models/?page=99999",
    "/models/?min_context=-5&max_context=abc&released_after=2025-13-45",
    "/models/?sort=%00&license=nope&capability=nope&provider=nope&lab=nope",
    "/models/?q=" + "x" * 5000,
    "/models/?max_input_price=1e999&max_output_price=NaN",
    "/models/nope/",
    "/models/a%00b/",
    "/labs/nope/",
    "/providers/nope/",
    "/benchmarks/nope/",
    "/benchmarks/?sort=nope",
    "/compare/?models=",
    "/compare/?models=alpha,alpha",
    "/compare/?models=alpha,beta,gamma,delta,epsilon",
    "/compare/alpha-vs-beta/?input_tokens=1e99&output_tokens=-1&cached_share=abc",
    "/compare/alpha-vs-beta/?input_tokens=99999999999999999999999",
    "/compare/-vs-/",
    "/compare/alpha-vs-beta-vs-/",
    "/pricing/?requests_per_day=1e999&input_tokens_per_request=abc",
    "/pricing/?input_tokens_per_month=-1&output_tokens_per_month=%00",
    "/pricing/?preset=nope&sort=nope&benchmark=nope",
    "/pricing/?cached_share=NaN&batch_share=Infinity",
    "/pricing/routes/999999/",
    "/feeds/models/?page=-1",
    "/api/models.json?format=nope",
    "/report/",
    "/sitemap.xml?p=abc",
]


@pytest.fixture(autouse=True)
def catalogue():
    for slug in ("alpha", "beta"):
        OfferingFactory(model=LanguageModelFactory(slug=slug, name=slug.title()))


@pytest.mark.parametrize("url", URLS)
def test_bad_input_is_never_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_bad_post_to_the_report_form_is_a_400(client):
    response = client.post("/report/", {"figure": "nope", "source_url": "javascript:alert(1)"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/models/?max_input_price=1e-16384", PRICE_PLACES),
        ("/models/?max_output_price=1e-16384", PRICE_PLACES),
        ("/models/?max_input_price=NaN", "Enter a number"),
        ("/models/?max_output_price=-Infinity", "Enter a number"),
        ("/models/?max_input_price=1e%2B999999999", f"less than or equal to {MAX_PRICE}"),
        ("/models/?q=a%00b", "Null characters are not allowed"),
        ("/pricing/?max_input_price=1e-16384", PRICE_PLACES),
        ("/pricing/?max_output_price=sNaN", "Enter a number"),
        ("/pricing/?cached_share=1e-16384", "no more than 2 decimal places"),
        ("/pricing/?batch_share=Infinity", "Enter a number"),
        ("/pricing/?requests_per_day=1e-16384", "Enter a whole number"),
        (
            "/compare/alpha-vs-beta/?input_tokens=1&output_tokens=1&cached_share=1e-16384",
            "no more than 2 decimal places",
        ),
        (
            "/compare/alpha-vs-beta/?input_tokens_per_month=NaN&output_tokens_per_month=1",
            "Enter a whole number",
        ),
        ("/report/?models=%00", "No model in the catalogue matches that link"),
        ("/report/?models=alpha%0b", "No model in the catalogue matches that link"),
    ],
)
def test_numbers_and_characters_nothing_can_represent_get_a_message(client, url, message):
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    assert message in response.text, url


def test_a_nul_posted_to_the_report_form_is_a_400_with_a_message(client):
    response = client.post("/report/", {"models": "\x00", "figure": "\x00", "note": "\x00"})
    assert response.status_code == 400
    assert "No model in the catalogue matches that link" in response.text
