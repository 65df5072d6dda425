"""An editor logs in, changes an offering's price, and sees the price history keep both."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Offering
from tests.browser.conftest import EDITOR_PASSWORD
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.browser


def test_editor_changes_an_offering_price(page: Page, live_site, live_editor):
    model = LanguageModelFactory(name="Granite 4")
    provider = ProviderFactory(name="Fast Host")
    offering = OfferingFactory(
        model=model,
        provider=provider,
        input_usd_per_mtok=Decimal("1.00"),
        output_usd_per_mtok=Decimal("5.00"),
    )

    page.goto(f"{live_site.url}/admin/")
    page.get_by_label("Username").fill(live_editor.username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Catalogue")).to_be_visible()

    page.get_by_role("link", name="Offerings").first.click()
    page.get_by_role("link", name="Granite 4").click()
    expect(page).to_have_url(re.compile(rf"/admin/catalog/offering/{offering.pk}/change/$"))
    page.get_by_label("Input (USD / 1M tokens):", exact=True).fill("0.80")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_label("Input (USD / 1M tokens):", exact=True)).to_have_value("0.8000000000")
    history = page.locator("#price_history-group")
    expect(history).to_contain_text("0.8000")
    expect(history).to_contain_text("1.0000")
    offering.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("0.80")
    assert Offering.objects.get().price_history.count() == 2
