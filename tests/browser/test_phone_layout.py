"""At a phone's width (390 px): /pricing/'s model column stays in view while its table scrolls
sideways, the price-versus-score chart has a phone drawing whose point names never overlap,
and a model page with stale-figure notes stays within the screen."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import FITS_SCRIPT, VIEWPORT_HEIGHT
from tests.factories import (
    BenchmarkFactory,
    BenchmarkResultFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": VIEWPORT_HEIGHT}

# The boxes of the drawn point names of the chart that is shown, in page coordinates.
LABEL_BOXES = """() => {
  const svg = [...document.querySelectorAll('.price-score svg.svg-chart')]
    .find(s => s.getBoundingClientRect().width > 0);
  const boxes = [...svg.querySelectorAll('.text-overlay text.label')].map(t => {
    const r = t.getBoundingClientRect();
    return {name: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const frame = svg.getBoundingClientRect();
  return {narrow: svg.classList.contains('chart-narrow'), boxes,
          frame: {left: frame.left, right: frame.right}};
}"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["name"], b["name"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


@pytest.fixture
def crowded_pricing(transactional_db):
    """Fourteen priced models with scores on one benchmark, ten of them in a tight cluster."""
    benchmark = BenchmarkFactory(name="Coding Bench", slug="coding-bench")
    provider = ProviderFactory(name="Inference Host With A Long Name", slug="long-host")
    for n in range(14):
        clustered = n >= 4
        model = LanguageModelFactory(name=f"Model Number {n}", slug=f"model-number-{n}")
        OfferingFactory(
            model=model,
            provider=provider,
            provider_model_id=f"organisation/model-number-{n}-instruct-preview-long-id",
            input_usd_per_mtok=Decimal("1") + Decimal(n) / 100 if clustered else Decimal(4**n),
            output_usd_per_mtok=Decimal("5"),
            source_note=f"models.dev snapshot of 2026-07-02: providers/long-host/models/{n}.toml",
        )
        score = Decimal("70") + Decimal(n) / 10 if clustered else Decimal(30 + 10 * n)
        BenchmarkResultFactory(model=model, benchmark=benchmark, score=score)


def test_pricing_model_column_stays_in_view_when_the_table_scrolls(
    page: Page, live_server, crowded_pricing
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/pricing/")
    assert page.evaluate(FITS_SCRIPT)
    wrap = page.locator("#prices-table").locator("xpath=..")
    scrolled = wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; return w.scrollLeft; }")
    assert scrolled > 200  # the table is much wider than the phone and scrolled sideways
    name = page.locator("#prices-table tbody.model-group th[scope=row]").first
    name.scroll_into_view_if_needed()
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    box = name.bounding_box()
    frame = wrap.bounding_box()
    assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= 390
    # Nothing covers it: the cell itself is what shows at its centre.
    on_top = name.evaluate(
        """th => { const r = th.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        return th.contains(document.elementFromPoint(x, y)); }"""
    )
    assert on_top
    # The price columns did move: the route's cell is now left of the container.
    route = page.locator("#prices-table tbody.model-group td.route").first
    assert route.bounding_box()["x"] < frame["x"]


def test_price_score_chart_has_a_phone_drawing_whose_names_never_overlap(
    page: Page, live_server, crowded_pricing
):
    for width, narrow in ((390, True), (1440, False)):
        page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
        page.goto(f"{live_server.url}/pricing/?benchmark=coding-bench")
        assert page.evaluate(FITS_SCRIPT), f"wider than the screen at {width}px"
        chart = page.evaluate(LABEL_BOXES)
        assert chart["narrow"] is narrow
        names = [box["name"] for box in chart["boxes"]]
        assert 4 <= len(names) < 14, names  # the spread-out models named, the crowd in part
        assert not overlapping(chart["boxes"]), f"names overlap at {width}px"
        for box in chart["boxes"]:
            assert chart["frame"]["left"] <= box["left"] and box["right"] <= chart["frame"]["right"]
        # Text in the phone drawing stays legible: at least 10 px on screen.
        size = page.locator(".price-score svg.chart-narrow text.label").first
        if narrow:
            assert size.bounding_box()["height"] >= 10


def test_model_page_with_stale_notes_fits_a_phone(page: Page, live_server, transactional_db):
    model = LanguageModelFactory(
        name="A Model With A Rather Long Name For A Phone",
        slug="long-named-model",
        last_reviewed_on=dt.date(2024, 10, 22),  # every spec figure "Stale: last checked ..."
    )
    OfferingFactory(
        model=model,
        provider=ProviderFactory(name="Provider With A Long Name", slug="long-provider"),
        provider_model_id="organisation/a-model-with-a-rather-long-name-instruct-2025-06-01",
        last_verified_on=dt.date(2024, 10, 22),
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/models/long-named-model/")
    notes = page.locator(".freshness.stale")
    assert notes.count() >= 8  # the spec table's figures and the stale price
    assert notes.first.inner_text() == "Stale: last checked 22 Oct 2024"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The two-column spec table fits as it is (its notes wrap): no sideways scroll, every
    # note on screen. The wide price table scrolls inside its own container instead.
    specs = page.locator("section[aria-labelledby=specs] .table-wrap")
    assert specs.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
    spec_notes = specs.locator(".freshness.stale")
    assert spec_notes.count() >= 6
    for index in range(spec_notes.count()):
        box = spec_notes.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # In the price table, which scrolls in its own container, the note keeps to one line (a
    # wrapped note would make every route's row several lines tall, at any width).
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
        route_note = page.locator("section[aria-labelledby=pricing] .freshness.stale").first
        assert route_note.inner_text() == "Stale: last checked 22 Oct 2024"
        assert route_note.bounding_box()["height"] < 24, f"the note wraps at {width}px"
