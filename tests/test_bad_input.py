"""Bad input anywhere on the public site: a clear 4xx or a page with a message, never a 500."""

import pytest

from catalog.models import MAX_PRICE, MONEY
from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db

PRICE_PLACES = f"no more than {MONEY['decimal_places']} decimal places"

NOT_FOUND = "<h1>Not Found</h1>"
WHOLE = "Enter a whole number."
NUMBER = "Enter a number."
CHOICE = "Select a valid choice."

# Each URL, the status it should answer with, and the message (or figure) it should show.
URLS = [
    ("/models/?page=abc", 200, 'id="pick-alpha"'),  # a page that is not a number: page 1
    ("/models/?page=99999", 200, 'id="pick-beta"'),  # past the end: the last page
    ("/models/?min_context=-5&max_context=abc&released_after=2025-13-45", 200, WHOLE),
    ("/models/?min_context=-5", 200, "greater than or equal to 1"),
    ("/models/?released_after=2025-13-45", 200, "Enter a valid date."),
    ("/models/?sort=%00&license=nope&capability=nope&provider=nope&lab=nope", 200, CHOICE),
    ("/models/?q=" + "x" * 5000, 200, "at most 100 characters (it has 5000)"),
    ("/models/?max_input_price=1e999&max_output_price=NaN", 200, NUMBER),
    ("/models/nope/", 404, NOT_FOUND),
    ("/models/a%00b/", 404, NOT_FOUND),
    ("/labs/nope/", 404, NOT_FOUND),
    ("/providers/nope/", 404, NOT_FOUND),
    ("/benchmarks/nope/", 404, NOT_FOUND),
    ("/benchmarks/?sort=nope", 200, "<h1>Benchmarks</h1>"),
    ("/compare/?models=", 400, "Pick two to four different models."),
    ("/compare/?models=alpha,alpha", 400, "A model cannot be compared with itself."),
    ("/compare/?models=alpha,beta,gamma,delta,epsilon", 400, "Pick two to four different models."),
    ("/compare/alpha-vs-beta/?input_tokens=1e99&output_tokens=-1&cached_share=abc", 200, NUMBER),
    ("/compare/alpha-vs-beta/?input_tokens=99999999999999999999999", 200, "<h1>Alpha vs Beta</h1>"),
    ("/compare/-vs-/", 404, NOT_FOUND),
    ("/compare/alpha-vs-beta-vs-/", 404, NOT_FOUND),
    ("/pricing/?requests_per_day=1e999&input_tokens_per_request=abc", 200, WHOLE),
    (
        "/pricing/?input_tokens_per_month=-1&output_tokens_per_month=%00",
        200,
        "greater than or equal to 0",
    ),
    ("/pricing/?preset=nope&sort=nope&benchmark=nope", 200, "There is no workload preset “nope”."),
    ("/pricing/?cached_share=NaN&batch_share=Infinity", 200, NUMBER),
    ("/pricing/routes/999999/", 404, NOT_FOUND),
    ("/feeds/models/?page=-1", 200, "<title>"),
    ("/api/models.json?format=nope", 200, '"slug": "alpha"'),
    ("/report/", 200, "Report a wrong value"),
    ("/sitemap.xml?p=abc", 200, "<sitemapindex"),
]


@pytest.fixture(autouse=True)
def catalogue():
    for slug in ("alpha", "beta"):
        OfferingFactory(model=LanguageModelFactory(slug=slug, name=slug.title()))


@pytest.fixture
def one_per_page(monkeypatch):
    from catalog.views import ModelListView

    monkeypatch.setattr(ModelListView, "paginate_by", 1)


@pytest.mark.parametrize(("url", "status", "message"), URLS)
def test_bad_input_gets_its_status_and_message(client, one_per_page, url, status, message):
    response = client.get(url)
    assert response.status_code == status, url
    assert message in response.content.decode(), url


@pytest.mark.parametrize(("page", "number", "shown"), [("abc", 1, "alpha"), ("99999", 2, "beta")])
def test_a_bad_page_number_shows_the_first_or_the_last_page(
    client, one_per_page, page, number, shown
):
    response = client.get("/models/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == number
    assert [m.slug for m in response.context["object_list"]] == [shown]


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
