"""axe-core audits (run offline in Chromium) of the pages visitors use most."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/models/",
    "/models/?openness=open-weights&min_context=128000&sort=input_price",
    "/models/claude-haiku-4-5/",
    "/compare/",
    "/compare/claude-haiku-4-5-vs-qwen3-5-4b/",
    "/compare/claude-opus-4-6-vs-claude-sonnet-4-6-vs-gpt-4o-mini/",
    "/pricing/",
    "/faq/",
    "/providers/",
    "/benchmarks/",
    "/benchmarks/swe-bench-verified/",
    "/labs/anthropic/",
]


def test_pages_have_no_accessibility_violations(page: Page, live_site, bundled):
    axe = Axe()
    problems = {}
    for path in PAGES:
        response = page.goto(f"{live_site.url}{path}")
        assert response.status == 200, path
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
    assert not problems, "\n\n".join(f"{path}\n{report}" for path, report in problems.items())
