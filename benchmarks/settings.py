"""Settings for benchmarks/scale.py: production settings plus the bare "floor" view.

``BENCH_PAGE_CACHE=off`` turns the server-side page cache and the stored CSV files off (every
request renders: the "cold" figures); conditional requests still answer 304 as in production.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 40)

from modelref.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
PAGE_CACHE_SKIP_PATHS = [*PAGE_CACHE_SKIP_PATHS, "/floor/"]  # noqa: F405
if os.environ.get("BENCH_PAGE_CACHE") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    OPEN_DATA_DIR = ""  # every CSV download read from the database too
