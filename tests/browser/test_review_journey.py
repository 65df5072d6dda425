"""An editor works through the review queue: accepts a change, rejects one, merges a draft,
and sees the result on the public page."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from catalog.models import LanguageModel, Offering, ProposedChange, ReviewStatus
from tests.browser.conftest import EDITOR_PASSWORD
from tests.factories import (
    LanguageModelFactory,
    ModelAliasFactory,
    OfferingFactory,
    ProposedChangeFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.browser
SNAPSHOT_DAY = dt.date(2026, 7, 2)


def catalogue():
    haiku = LanguageModelFactory(
        name="Claude Haiku 4.5", slug="claude-haiku-4-5", knowledge_cutoff=""
    )
    anthropic = ProviderFactory(name="Anthropic", slug="anthropic", kind="first-party")
    route = OfferingFactory(
        model=haiku,
        provider=anthropic,
        provider_model_id="claude-haiku-4-5",
        input_usd_per_mtok=Decimal("1"),
        output_usd_per_mtok=Decimal("5"),
    )
    ProposedChangeFactory(
        offering=route,
        field="input_usd_per_mtok",
        old_value="1",
        new_value="0",
        reason="The source lists $0 for this paid route.",
    )
    ProposedChangeFactory(
        offering=None,
        model=haiku,
        field="knowledge_cutoff",
        old_value="",
        new_value="2025-02",
        reason="An editor owns this field.",
        source_url="https://models.dev/",
        source_date=SNAPSHOT_DAY,
    )
    draft = LanguageModelFactory(
        name="claude-haiku-4.5",
        slug="anthropic-claude-haiku-4-5",
        lab=haiku.lab,
        is_published=False,
        review_status=ReviewStatus.PENDING,
    )
    ModelAliasFactory(model=draft, identifier="anthropic/claude-haiku-4.5")
    OfferingFactory(
        model=draft,
        provider=ProviderFactory(name="Gateway One", slug="gateway-one", kind="aggregator"),
        provider_model_id="anthropic/claude-haiku-4.5",
        input_usd_per_mtok=Decimal("1.10"),
        output_usd_per_mtok=Decimal("5.50"),
    )
    return haiku, draft


def decide(page: Page, row_text: str, button: str) -> None:
    page.locator("tr", has_text=row_text).get_by_role("button", name=button).click()


@pytest.mark.parametrize("width", [1440, 390])
def test_editor_reviews_imports_and_sees_the_public_page(page: Page, live_site, live_editor, width):
    haiku, draft = catalogue()
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{live_site.url}/admin/")
    page.get_by_label("Username").fill(live_editor.username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Proposed changes").first.click()
    page.get_by_role("link", name="Review queue").click()
    expect(
        page.get_by_role("heading", name="Providers and routes (1 with something to review)")
    ).to_be_visible()

    # Reject the $0 on a paid route: the price stays $1.
    row = page.locator("tr", has_text="input_usd_per_mtok")
    expect(row).to_contain_text("The source lists $0 for this paid route.")
    decide(page, "input_usd_per_mtok", "Reject")
    expect(page.locator(".messagelist")).to_contain_text("1 item rejected.")
    expect(page.get_by_text("Nothing waits for review here.")).to_be_visible()

    # Accept the knowledge cutoff the import found.
    page.get_by_role("link", name="Models", exact=True).click()
    decide(page, "knowledge_cutoff", "Accept")
    expect(page.locator(".messagelist")).to_contain_text("1 item accepted.")

    # Merge the draft into the published model.
    page.locator("tr", has_text="New model claude-haiku-4.5").get_by_role(
        "link", name="Merge into…"
    ).click()
    page.get_by_label("Merge into").select_option(label="Claude Haiku 4.5 (claude-haiku-4-5)")
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "merged into Claude Haiku 4.5. Moved 2 aliases, 1 offerings."
    )

    assert not LanguageModel.objects.filter(pk=draft.pk).exists()
    assert set(ProposedChange.objects.values_list("status", flat=True)) == {"accepted", "rejected"}
    assert Offering.objects.get(provider__slug="anthropic").input_usd_per_mtok == Decimal("1")

    page.goto(f"{live_site.url}{haiku.get_absolute_url()}")
    pricing = page.locator("#pricing").locator("xpath=..")
    expect(pricing).to_contain_text("Gateway One")
    expect(pricing).to_contain_text("anthropic/claude-haiku-4.5")
    expect(page.get_by_role("row", name="Knowledge cutoff")).to_contain_text("Feb 2025")
    expect(page.get_by_role("row", name="Knowledge cutoff")).to_contain_text("2 Jul 2026")
