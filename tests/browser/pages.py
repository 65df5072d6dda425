"""The public page types the browser tests and benchmarks/screenshots.py visit (one URL each).

Plain data (no Django import) so scripts can read it too. Paths are for the bundled
catalogue. ``ROUTE_HISTORY`` stands for "/pricing/routes/<id>/" of a route with a price
change: its id depends on the database, so callers resolve it (``route_history_path``).

CATALOGUE_PAGES are issue 11's catalogue pages (h11a); COMPARISON_PAGES the comparison,
picker and pricing pages (h11b). The layout test checks every page in ``ALL_PAGES`` at
``WIDTHS`` for horizontal overflow and axe violations.
"""

ROUTE_HISTORY = "route-history"
WIDTHS = (390, 1440)
VIEWPORT_HEIGHT = 900

CATALOGUE_PAGES = {
    "home": "/",
    "directory": "/models/",
    "directory-filtered": "/models/?openness=open-weights&min_context=128000&sort=input_price",
    "profile": "/models/claude-haiku-4-5/",
    "lab": "/labs/anthropic/",
    "providers": "/providers/",
    "provider": "/providers/amazon-bedrock/",
    "benchmarks": "/benchmarks/",
    "benchmark": "/benchmarks/swe-bench-verified/",
    "faq": "/faq/",
    "route-history": ROUTE_HISTORY,
}

COMPARISON_PAGES = {
    "picker": "/compare/",
    "compare-2": "/compare/claude-haiku-4-5-vs-qwen3-5-4b/",
    "compare-3": "/compare/claude-opus-4-6-vs-claude-sonnet-4-6-vs-gpt-4o-mini/",
    "pricing": "/pricing/",
}

ALL_PAGES = {**CATALOGUE_PAGES, **COMPARISON_PAGES}

# The page-level overflow check, run in the browser: true when nothing is wider than the screen.
FITS_SCRIPT = "document.documentElement.scrollWidth <= window.innerWidth"
