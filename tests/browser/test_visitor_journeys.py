"""A visitor finds models: search, filter, sort, pick two and compare; follow a family link."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from catalog.models import License
from tests.factories import (
    LabFactory,
    LanguageModelFactory,
    LicenseFactory,
    ModelFamilyFactory,
    OfferingFactory,
    ProprietaryLicenseFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.browser


def orca_models():
    lab = LabFactory(name="Orca Labs", slug="orca-labs")
    apache = LicenseFactory()
    community = LicenseFactory(
        name="Orca Community",
        slug="orca-community",
        spdx_id="",
        osi_approved=False,
        openness=License.Openness.OPEN_WEIGHTS,
        commercial_use=License.CommercialUse.CONDITIONS,
    )
    host = ProviderFactory(name="Fast Host", slug="fast-host")
    specs = [
        ("Orca 70B", "orca-70b", community, 256_000, "0.50", "1.50"),
        ("Orca 8B", "orca-8b", apache, 128_000, "0.10", "0.30"),
        ("Orca Pro", "orca-pro", ProprietaryLicenseFactory(), 1_000_000, "2", "8"),
        ("Orca Mini", "orca-mini", apache, 32_000, "0.05", "0.10"),
    ]
    for name, slug, license_, context, inp, out in specs:
        model = LanguageModelFactory(
            name=name, slug=slug, lab=lab, license=license_, context_window_tokens=context
        )
        OfferingFactory(
            model=model,
            provider=host,
            input_usd_per_mtok=Decimal(inp),
            output_usd_per_mtok=Decimal(out),
        )
    LanguageModelFactory(name="Whale", slug="whale")


def names_in_table(page: Page) -> list[str]:
    return page.locator("table.directory tbody th[scope=row]").all_inner_texts()


def test_visitor_filters_sorts_and_compares_two_models(page: Page, live_site):
    orca_models()
    page.goto(live_site.url)
    page.get_by_label("Search models").fill("orca")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/models/\?q=orca$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("AI language models")
    assert sorted(names_in_table(page)) == ["Orca 70B", "Orca 8B", "Orca Mini", "Orca Pro"]

    page.get_by_label("Openness").select_option("open-weights")
    page.get_by_text("More filters").click()  # the less used filters are folded
    page.get_by_label("Context at least (tokens)").fill("128000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".result-count")).to_contain_text("2 models match")
    assert sorted(names_in_table(page)) == ["Orca 70B", "Orca 8B"]

    page.get_by_role("link", name="Input $/1M").click()
    expect(page).to_have_url(re.compile(r"sort=input_price"))
    expect(page).to_have_url(re.compile(r"openness=open-weights"))
    assert names_in_table(page) == ["Orca 8B", "Orca 70B"]

    page.get_by_label("Compare Orca 8B").check()
    page.get_by_label("Compare Orca 70B").check()
    page.get_by_role("button", name="Compare selected").click()
    expect(page).to_have_url(re.compile(r"/compare/orca-70b-vs-orca-8b/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Orca 70B")
    expect(heading).to_contain_text("Orca 8B")


def test_visitor_opens_a_profile_and_follows_a_family_link(page: Page, live_site):
    lab = LabFactory(name="Orca Labs", slug="orca-labs")
    family = ModelFamilyFactory(lab=lab, name="Orca 2", slug="orca-2")
    LanguageModelFactory(
        name="Orca 2 Large", slug="orca-2-large", lab=lab, family=family, family_position=1
    )
    LanguageModelFactory(
        name="Orca 2 Small",
        slug="orca-2-small",
        lab=lab,
        family=family,
        family_position=2,
        best_for="cheap classification",
    )
    page.goto(f"{live_site.url}/models/orca-2-large/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orca 2 Large")
    family_section = page.locator("section[aria-labelledby=family]")
    expect(family_section).to_contain_text("cheap classification")
    family_section.get_by_role("link", name="Orca 2 Small").click()
    expect(page).to_have_url(re.compile(r"/models/orca-2-small/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Orca 2 Small")
    expect(page.locator("section[aria-labelledby=family]")).to_contain_text(
        "Orca 2 Small (this model)"
    )
