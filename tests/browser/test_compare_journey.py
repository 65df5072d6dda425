"""A visitor picks two models, lands on their comparison, and prices their own traffic."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.factories import LanguageModelFactory, OfferingFactory

pytestmark = pytest.mark.browser


def test_visitor_compares_two_models_and_changes_the_traffic(page: Page, live_server):
    haiku = LanguageModelFactory(name="Haiku Lite", slug="haiku-lite")
    qwen = LanguageModelFactory(name="Qwen Small", slug="qwen-small")
    OfferingFactory(model=haiku, input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"))
    OfferingFactory(
        model=qwen, input_usd_per_mtok=Decimal("0.10"), output_usd_per_mtok=Decimal("0.40")
    )

    page.goto(f"{live_server.url}/compare/")
    page.get_by_label("Model 1", exact=True).select_option(
        label="Qwen Small (Lab 0)".replace("Lab 0", qwen.lab.name)
    )
    page.get_by_label("Model 2", exact=True).select_option(value="haiku-lite")
    page.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/haiku-lite-vs-qwen-small/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Haiku Lite vs Qwen Small")
    costs = page.locator("#costs")
    # Default traffic: 500M input and 100M output tokens a month.
    expect(costs.locator('[data-model="Haiku Lite"] .total')).to_contain_text("$1,000")
    expect(costs.locator('[data-model="Qwen Small"] .total')).to_contain_text("$90.00")

    page.get_by_label("Input tokens per month").fill("2000000")
    page.get_by_label("Output tokens per month").fill("1000000")
    page.get_by_role("button", name="Recalculate").click()

    expect(costs.locator('[data-model="Haiku Lite"] .total')).to_contain_text("$7.00")
    expect(costs.locator('[data-model="Qwen Small"] .total')).to_contain_text("$0.60")
    expect(page.locator(".delta")).to_contain_text("Haiku Lite costs $6.40 more a month")
