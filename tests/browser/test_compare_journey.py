"""A visitor picks two models, lands on their comparison, and prices their own traffic."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.browser


def test_visitor_compares_two_models_and_changes_the_traffic(page: Page, live_site):
    haiku = LanguageModelFactory(name="Haiku Lite", slug="haiku-lite")
    qwen = LanguageModelFactory(name="Qwen Small", slug="qwen-small")
    OfferingFactory(model=haiku, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"))
    OfferingFactory(
        model=qwen, input_usd_per_mtok=Decimal("0.10"), output_usd_per_mtok=Decimal("0.40")
    )

    page.goto(f"{live_site.url}/compare/")
    page.get_by_label("Model 1", exact=True).fill("Qwen Small")
    page.get_by_label("Model 2", exact=True).fill("haiku")  # found by the site's search
    page.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/haiku-lite-vs-qwen-small/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Haiku Lite vs Qwen Small")
    costs = page.locator("#costs")
    # Default traffic: 500M input and 100M output tokens a month. $1,000 beside $90: the
    # cards and the line that decides take one precision (whole dollars), never "$90.00".
    expect(costs.locator('[data-model="Haiku Lite"] .total')).to_have_text("$1,000 a month")
    expect(costs.locator('[data-model="Qwen Small"] .total')).to_have_text("$90 a month")
    times = "\N{MULTIPLICATION SIGN}"
    expect(page.locator(".headline")).to_contain_text(
        f"Qwen Small is 11.1{times} cheaper: $90 vs $1,000 a month"
    )

    page.get_by_text("Change traffic").click()
    page.get_by_label("Requests per day").fill("1000")
    page.get_by_label("Input tokens per request").fill("1000")
    page.get_by_label("Output tokens per request").fill("100")
    page.get_by_role("button", name="Calculate").click()

    # 30,437,500 input and 3,043,750 output tokens a month.
    expect(costs.locator('[data-model="Haiku Lite"] .total')).to_contain_text("$45.66")
    expect(costs.locator('[data-model="Qwen Small"] .total')).to_contain_text("$4.26")
    expect(page.locator(".delta")).to_contain_text("Haiku Lite costs $41.40 more a month")
