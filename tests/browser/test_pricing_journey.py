"""A visitor prices a RAG workload, then changes its tokens per request."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.factories import LanguageModelFactory, OfferingFactory, TrafficProfileFactory

pytestmark = pytest.mark.browser


def test_visitor_uses_the_rag_preset_and_changes_tokens(page: Page, live_site):
    TrafficProfileFactory(
        slug="chatbot", name="Chatbot", requests_per_day=100, is_default=True, position=10
    )
    TrafficProfileFactory(
        slug="rag",
        name="RAG",
        requests_per_day=1000,
        input_tokens_per_request=6000,
        output_tokens_per_request=400,
        position=20,
    )
    # Cheap input, dear output vs dear input, cheap output: the ranking flips with the mix.
    OfferingFactory(
        model=LanguageModelFactory(name="Reader"),
        input_usd_per_mtok=Decimal("0.10"),
        output_usd_per_mtok=Decimal("20"),
    )
    OfferingFactory(
        model=LanguageModelFactory(name="Writer"),
        input_usd_per_mtok=Decimal("2"),
        output_usd_per_mtok=Decimal("0.50"),
    )

    page.goto(f"{live_site.url}/pricing/")
    page.get_by_role("link", name="RAG").click()

    expect(page.get_by_label("Input tokens per request")).to_have_value("6000")
    expect(page.get_by_role("link", name="RAG")).to_have_attribute("aria-current", "true")
    groups = page.locator("#prices-table tbody.model-group")
    # 182,625,000 input + 12,175,000 output tokens a month.
    expect(groups.nth(0)).to_contain_text("Reader")
    expect(groups.nth(0).locator(".cost").first).to_have_text("$262")
    expect(groups.nth(1)).to_contain_text("Writer")
    expect(groups.nth(1).locator(".cost").first).to_have_text("$371")

    page.get_by_label("Input tokens per request").fill("200")
    page.get_by_role("button", name="Calculate").click()

    # 6,087,500 input + 12,175,000 output tokens: now the cheap writer wins, at $18.26 next
    # to $244: one table, one precision (whole dollars), never "$18.26" beside "$244".
    expect(page.get_by_role("link", name="Custom")).to_have_attribute("aria-current", "true")
    expect(groups.nth(0)).to_contain_text("Writer")
    expect(groups.nth(0).locator(".cost").first).to_have_text("$18")
    expect(groups.nth(1)).to_contain_text("Reader")
    expect(groups.nth(1).locator(".cost").first).to_have_text("$244")
    # The URL carries the figures: opened afresh, it prices the same traffic.
    page.goto(page.url)
    expect(groups.nth(0).locator(".cost").first).to_have_text("$18")
