"""Popular comparisons: counted out of the request path, once per visitor a day, no bots."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.version import current_version
from comparisons.models import ComparisonViewer, ComparisonVisit
from comparisons.visits import VisitBuffer, flush_visits, is_bot, record_visit
from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
OTHER_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 15_1) Gecko/20100101 Firefox/150.0"


@pytest.fixture
def pair():
    alpha = LanguageModelFactory(slug="alpha", name="Alpha")
    beta = LanguageModelFactory(slug="beta", name="Beta")
    LanguageModelFactory(slug="gamma", name="Gamma")
    OfferingFactory(model=alpha, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"))
    return alpha, beta


@pytest.fixture
def buffer(monkeypatch):
    """A fresh buffer in place of the process's own."""
    fresh = VisitBuffer()
    monkeypatch.setattr("comparisons.visits.BUFFER", fresh)
    return fresh


def visit(path="/compare/alpha-vs-beta/", agent=BROWSER, address="203.0.113.5"):
    response = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address).get(path)
    assert response.status_code == 200
    return response


def count(key="alpha-vs-beta"):
    visit_row = ComparisonVisit.objects.filter(key=key).first()
    return visit_row.count if visit_row else 0


def test_a_comparison_get_writes_nothing(pair, buffer):
    with CaptureQueriesContext(connection) as queries:
        visit()
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert count() == 0 and len(buffer.pending) == 1


def test_one_view_per_visitor_a_day(pair, buffer):
    visit()
    visit()  # same address, same browser, same day: the same visitor
    visit(agent=OTHER_BROWSER)  # another browser behind the same address: another visitor
    visit(address="198.51.100.7")  # another address
    visit("/compare/alpha-vs-gamma/")  # the same visitor on another comparison
    assert flush_visits(buffer) == 4
    assert (count(), count("alpha-vs-gamma")) == (3, 1)


def test_a_visitor_already_counted_by_another_process_is_not_counted_again(pair, buffer):
    visit()
    flush_visits(buffer)
    other_process = VisitBuffer()
    request = RequestFactory(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.5").get("/")
    record_visit(request, "alpha-vs-beta", other_process)
    assert flush_visits(other_process) == 0
    assert count() == 1


def test_the_next_day_counts_again_and_old_visitors_are_forgotten(pair, buffer, monkeypatch):
    visit()
    flush_visits(buffer)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    visit()
    assert flush_visits(buffer) == 1
    assert count() == 2
    assert list(ComparisonViewer.objects.values_list("day", flat=True)) == [later.date()]


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    ],
)
def test_bots_are_not_counted(pair, buffer, agent):
    visit(agent=agent)
    assert flush_visits(buffer) == 0 and count() == 0


def test_browsers_are_not_bots():
    assert not is_bot(BROWSER) and not is_bot(OTHER_BROWSER)


def test_the_picker_shows_the_leaders_after_a_flush_and_only_a_new_lead_bumps(
    pair, buffer, django_capture_on_commit_callbacks
):
    visit()
    visit(address="198.51.100.7")
    visit("/compare/alpha-vs-gamma/")
    before = current_version().number
    with django_capture_on_commit_callbacks(execute=True):
        flush_visits(buffer)
    assert current_version().number == before + 1
    picker = Client().get(reverse("comparisons:picker")).text
    assert picker.index("Alpha vs Beta") < picker.index("Alpha vs Gamma")

    visit(address="192.0.2.1")  # alpha-vs-beta leads still: the same list, no bump
    with django_capture_on_commit_callbacks(execute=True):
        assert flush_visits(buffer) == 1
    assert current_version().number == before + 1


def test_an_empty_buffer_flushes_without_a_query(buffer, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert flush_visits(buffer) == 0
