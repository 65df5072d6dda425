"""What every page's template is given besides Django's own context processors."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

# The header's and footer's links (templates/base.html): URL names without arguments.
SITE_LINKS = {
    "home": "home",
    "models": "catalog:model-list",
    "compare": "comparisons:picker",
    "pricing": "comparisons:pricing",
    "providers": "catalog:provider-list",
    "benchmarks": "catalog:benchmark-list",
    "faq": "faq",
    "feed_models": "feeds-models",
    "feed_prices": "feeds-prices",
    "sitemap": "sitemap",
    "admin": "admin:index",
    "api_models": "catalog:api-models",
    "api_models_csv": "catalog:api-models-csv",
    "api_offerings": "catalog:api-offerings",
    "api_offerings_csv": "catalog:api-offerings-csv",
    "api_providers": "catalog:api-providers",
    "api_benchmarks": "catalog:api-benchmarks",
    "api_results": "catalog:api-results",
}


def site_links(request: HttpRequest) -> dict:
    """``site_links``: SITE_LINKS' URLs, as ``{% url %}`` gives them. They depend on no
    request value but the URL prefix the site is served under (``SCRIPT_NAME``) and the
    URLconf, so they are reversed once for each (every page shows all 18 of them)."""
    return {"site_links": _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)}


@lru_cache(maxsize=8)
def _reversed(prefix: str, urlconf: str) -> dict[str, str]:
    """(``reverse`` reads the prefix from the request's thread: ``prefix`` is that one.)"""
    return {key: reverse(name, urlconf=urlconf) for key, name in SITE_LINKS.items()}
