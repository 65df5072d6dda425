"""A visitor reports a wrong value from a comparison, on a phone and a desktop.

The comparison links to the report page (the form is not on the comparison, which sets no
cookie); after sending, the thank-you is in the first screen next to the form, the page is
no wider than the screen, and axe finds nothing.
"""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from catalog.models import CorrectionReport
from tests.factories import LanguageModelFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.browser

IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: window.innerHeight,
          scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1440, 900)])
def test_a_report_from_a_comparison_is_confirmed_in_view(page: Page, live_site, width, height):
    alpha = LanguageModelFactory(slug="alpha", name="Alpha")
    LanguageModelFactory(slug="beta", name="Beta")
    bedrock = ProviderFactory(slug="aws-bedrock", name="AWS Bedrock")
    route = OfferingFactory(
        model=alpha, provider=bedrock, provider_model_id="us.alpha-v1:0",
        input_usd_per_mtok=Decimal("1"), output_usd_per_mtok=Decimal("5"),
    )  # fmt: skip
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_site.url}/compare/alpha-vs-beta/")
    assert not page.context.cookies()
    page.get_by_role("link", name="Report a wrong value").click()

    page.get_by_label("Which figure is wrong?").select_option(
        f"offering:{route.pk}:input_usd_per_mtok"
    )
    page.get_by_label("The right value").fill("0.80")
    page.get_by_label("Source link").fill("https://aws.example/bedrock/pricing")
    page.get_by_role("button", name="Send the report").click()

    thanks = page.get_by_text("Thank you: an editor will check your report")
    expect(thanks).to_be_visible()
    box = page.evaluate(IN_VIEW, ".messages")
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box
    assert box["scrollWidth"] <= box["width"], box
    expect(page.get_by_role("button", name="Send the report")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the page you were reading")).to_have_attribute(
        "href", "/compare/alpha-vs-beta/"
    )
    report = CorrectionReport.objects.get()
    assert (report.offering, report.suggested_value) == (route, "0.80")
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()
