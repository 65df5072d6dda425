"""Time the main pages and count their queries against the bundled catalogue.

    EMBEDDED_POSTGRES_DIR=var/pg-bench .venv/bin/python benchmarks/pages.py [REPEATS]

Uses a scratch database (``modelref_bench``) on the embedded server (or DATABASE_URL's),
loads the bundled catalogue and the traffic presets into it, then requests each page
REPEATS times (default 20) through Django's test client and prints the median time and
the number of SQL queries per page. Timings are for comparing changes on one machine.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelref.settings_test")
os.environ.setdefault("DATABASE_NAME", "modelref_bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [
    "/",
    "/models/",
    "/models/?q=haiku+4.5",
    "/models/?openness=open-weights&min_context=128000&sort=input_price",
    "/models/claude-haiku-4-5/",
    "/compare/claude-haiku-4-5-vs-qwen3-5-4b/",
    "/compare/claude-opus-4-6-vs-claude-sonnet-4-6-vs-gpt-4o-mini-vs-llama-4-maverick/",
    "/pricing/",
    "/pricing/?preset=rag",
    "/faq/",
    "/benchmarks/swe-bench-verified/",
    "/sitemap.xml",
]


def ensure_database() -> None:
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name


def main(repeats: int) -> None:
    ensure_database()
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    call_command("load_traffic_profiles", verbosity=0)
    client = Client(HTTP_HOST="localhost")
    print(f"{'page':<90} {'median ms':>10} {'queries':>8}")
    for path in PAGES:
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{path:<90} {statistics.median(times):>10.1f} {len(queries):>8}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
