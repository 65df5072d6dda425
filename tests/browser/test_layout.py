"""Every catalogue page type at a phone's and a desktop's width: nothing wider than the
screen (tables scroll inside their own container), no axe violations, and the directory's
table in the first screen. The comparison and pricing pages are in COMPARISON_PAGES."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import (
    CATALOGUE_PAGES,
    FITS_SCRIPT,
    VIEWPORT_HEIGHT,
    WIDTHS,
    resolve_path,
)

pytestmark = pytest.mark.browser

ROWS_IN_VIEW = """() => [...document.querySelectorAll('table.directory tbody tr')]
    .filter(row => row.getBoundingClientRect().bottom <= window.innerHeight).length"""


def test_catalogue_pages_fit_phones_and_desktops_and_pass_axe(page: Page, live_site, bundled):
    axe = Axe()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
        for name, path in CATALOGUE_PAGES.items():
            response = page.goto(f"{live_site.url}{resolve_path(path)}")
            assert response.status == 200, path
            if not page.evaluate(FITS_SCRIPT):
                wide = page.evaluate("document.documentElement.scrollWidth")
                problems.append(f"{name} at {width}px: the page is {wide}px wide")
            results = axe.run(page)
            if results.violations_count:
                problems.append(f"{name} at {width}px:\n{results.generate_report()}")
    assert not problems, "\n\n".join(problems)


def test_directory_shows_at_least_15_rows_in_the_first_desktop_screen(
    page: Page, live_site, bundled
):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_site.url}{CATALOGUE_PAGES['directory']}")
    assert page.evaluate(ROWS_IN_VIEW) >= 15
    assert page.locator("table.directory tbody tr").count() == 50  # 50 a page
