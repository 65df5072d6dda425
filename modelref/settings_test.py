"""Test settings: the real settings plus speed-ups that only tests want."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright

from modelref.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Test transactions never commit, so the catalogue version (bumped on commit) stays put
# inside a test: the page cache is off here, and tests/test_pagecache.py turns it on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
OPEN_DATA_DIR = ""  # likewise the CSV files kept per version: tests/catalog/test_opendata_files.py
POPULAR_FLUSH_SECONDS = 0  # no background thread: tests flush the views themselves
