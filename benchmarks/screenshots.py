"""Screenshots of the main pages at phone (390 px) and desktop (1440 px) width.

    make run   # in another terminal, or PORT=8001 make run
    .venv/bin/python benchmarks/screenshots.py [BASE_URL] [OUT_DIR]

BASE_URL defaults to http://127.0.0.1:8000, OUT_DIR to var/screenshots. Writes
<page>-<width>.png (full page) for every page in tests/browser/pages.py and prints each
page's height and whether it is wider than the screen. Uses Debian's /usr/bin/chromium.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.pages import (
    ALL_PAGES,
    ROUTE_HISTORY,
    VIEWPORT_HEIGHT,
    WIDTHS,
)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MEASURE = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  height: document.documentElement.scrollHeight,
  rowsInView: [...document.querySelectorAll('table.directory tbody tr')]
    .filter(row => row.getBoundingClientRect().bottom <= window.innerHeight).length,
})"""


def route_history_path(page, base_url: str) -> str:
    """The first price-history link on a model page (a route with a recorded change)."""
    page.goto(f"{base_url}/models/gpt-4o/")
    href = page.locator("a[href*='/pricing/routes/']").first.get_attribute("href")
    return re.sub(r"#.*", "", href)


def main(base_url: str, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": VIEWPORT_HEIGHT})
            page.set_default_timeout(180_000)  # long pages on a busy machine
            for name, path in ALL_PAGES.items():
                if path == ROUTE_HISTORY:
                    path = route_history_path(page, base_url)
                response = page.goto(f"{base_url}{path}")
                figures = page.evaluate(MEASURE)
                page.screenshot(path=str(out_dir / f"{name}-{width}.png"), full_page=True)
                overflow = figures["scrollWidth"] - figures["innerWidth"]
                print(
                    f"{width:>5} {name:<20} {response.status} height {figures['height']:>6} px"
                    f"  {'OVERFLOW +' + str(overflow) + ' px' if overflow > 0 else 'fits'}"
                    + (f"  rows in view {figures['rowsInView']}" if "directory" in name else "")
                )
            page.close()
        browser.close()
    print(f"Screenshots in {out_dir}/")


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots"),
    )
