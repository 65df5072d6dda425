"""Comparison, picker and pricing pages on a phone (390 px) and a desktop (1440 px).

No page is wider than the screen, the comparison's cost answer is in the first screen, a
two-model comparison stays under 5,000 px at 1440, and axe finds nothing at either width.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

VIEWPORTS = [(390, 844), (1440, 900)]
TWO = "/compare/claude-haiku-4-5-vs-gpt-4o-mini/"
FOUR = "/compare/claude-opus-4-6-vs-claude-sonnet-4-6-vs-gemini-2-5-pro-vs-gpt-4o-mini/"
COMPARISONS = [
    TWO,
    "/compare/claude-haiku-4-5-vs-qwen3-5-4b/",  # one model without a price
    FOUR,
    TWO + "?requests_per_day=50000&input_tokens_per_request=1500&output_tokens_per_request=300",
]
OTHER_PAGES = [
    "/compare/",
    "/compare/?models=claude&models=no-such-model",  # the picker's messages
    "/pricing/",
    "/pricing/?page=2&sort=-output&preset=rag",
]
MAX_TWO_MODEL_HEIGHT = 5000

MEASURE = """() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    return element ? element.getBoundingClientRect().toJSON() : null;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    innerWidth: innerWidth,
    innerHeight: innerHeight,
    headline: box(".headline"),
    cards: [...document.querySelectorAll("#costs .cost-card")].map(
      (card) => card.getBoundingClientRect().toJSON()
    ),
  };
}"""


def test_pages_fit_the_screen_answer_first_and_pass_axe(page: Page, live_site, bundled):
    call_command("load_traffic_profiles", verbosity=0)
    axe = Axe()
    problems = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for path in COMPARISONS + OTHER_PAGES:
            response = page.goto(f"{live_site.url}{path}")
            assert response.status in (200, 400), (path, response.status)
            found = page.evaluate(MEASURE)
            where = f"{path} at {width} px"
            if found["scrollWidth"] > found["innerWidth"]:
                problems.append(f"{where}: {found['scrollWidth']} px wide")
            if path in COMPARISONS:
                problems += answer_problems(where, found, all_cards=FOUR not in path)
            if path == TWO and width == 1440 and found["scrollHeight"] > MAX_TWO_MODEL_HEIGHT:
                problems.append(f"{where}: {found['scrollHeight']} px tall")
            results = axe.run(page)
            if results.violations_count:
                problems.append(f"{where}: {results.generate_report()}")
    assert not problems, "\n".join(problems)


def answer_problems(where: str, found: dict, *, all_cards: bool) -> list[str]:
    """The line that decides, and the cost cards (the first row of four), in the first screen."""
    problems = []
    if found["headline"] is None or found["headline"]["bottom"] > found["innerHeight"]:
        problems.append(f"{where}: the cost headline is below the first screen")
    cards = found["cards"] if all_cards else found["cards"][:2]
    if not cards or any(card["bottom"] > found["innerHeight"] for card in cards):
        problems.append(f"{where}: cost cards below the first screen: {cards}")
    return problems
