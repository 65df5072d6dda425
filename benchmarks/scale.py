"""How ModelRef holds up as the catalogue grows: server time per page, and load against a floor.

    .venv/bin/python benchmarks/scale.py [build|pages|load|all] [--models 10000]
        [--repeats 15] [--seconds 4] [--workers 2] [--port 8970] [--cache cold|warm|both]

build  Two scratch databases on the embedded server (or DATABASE_URL's): ``modelref_bench``
       with the bundled catalogue, and ``modelref_scale`` with it cloned by bulk SQL to
       --models published models (about ten offerings each: ~100,000 at 10,000 models).
pages  For each page at both sizes, through Django's test client with the page cache off:
       p50 and p95 server time, query count and size of the response, and p50 time to its
       first 64 KB (a streamed CSV file is read as it is sent: how soon its rows flow).
load   A production-like server (DEBUG off, SECRET_KEY set, collectstatic, the production
       server ``python -m modelref.serve`` with --workers on 127.0.0.1:--port) under wrk,
       each page side by side with /floor/ (a bare view returning a precomputed 55 KB
       page): requests/s and the share of the floor,
       every request (the floor's too) sending the Accept-Encoding a browser sends
       (``BROWSER_HEADERS``: the stored open-data files are then sent gzip-compressed),
       with the page cache off ("cold": every request renders) and on ("warm"), or only one
       of them (--cache).

Timings drift on a shared machine; shares of the floor measured in one run hold.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

BUNDLED_DB, SCALE_DB = "modelref_bench", "modelref_scale"
PORT = 8970  # the load step's server (--port)
# What a browser sends with every request, and the load step with every page and the floor.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}

PAGES = [
    ("home", "/"),
    ("directory", "/models/"),
    ("directory, filtered", "/models/?openness=open-weights&min_context=128000&sort=input_price"),
    ("directory by cost, page 50", "/models/?sort=monthly_cost&page=50"),
    ("directory by cost, dearest, page 50", "/models/?sort=-monthly_cost&page=50"),
    (
        "directory by cost, custom traffic, page 50",
        "/models/?sort=monthly_cost&page=50&requests_per_day=5000"
        "&input_tokens_per_request=800&output_tokens_per_request=2000",
    ),
    ("search 'sonet'", "/models/?q=sonet"),
    ("search 'haiku 4.5'", "/models/?q=haiku+4.5"),
    ("profile", "/models/claude-haiku-4-5/"),
    ("comparison, 2 models", "/compare/claude-haiku-4-5-vs-qwen3-5-4b/"),
    (
        "comparison, 4 models",
        "/compare/claude-opus-4-6-vs-claude-sonnet-4-6-vs-gpt-4o-mini-vs-llama-4-maverick/",
    ),
    ("picker", "/compare/"),
    ("pricing", "/pricing/"),
    ("pricing, dearest, page 300", "/pricing/?sort=-cost&page=300"),
    ("pricing by input price, page 300", "/pricing/?sort=input&page=300"),
    ("lab", "/labs/anthropic/"),
    ("providers", "/providers/"),
    ("provider", "/providers/openrouter/"),
    ("benchmarks", "/benchmarks/"),
    ("benchmark", "/benchmarks/swe-bench-verified/"),
    ("faq", "/faq/"),
    ("sitemap", "/sitemap.xml"),
    ("feed", "/feeds/models/"),
    ("api models.json", "/api/models.json"),
    ("api offerings.json", "/api/offerings.json"),
    ("api offerings.csv", "/api/offerings.csv"),
]


def setup_django(database: str) -> None:
    os.environ["DATABASE_NAME"] = database
    import django

    django.setup()


def use_database(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


# build ---------------------------------------------------------------------------------------
def recreate(name: str, template: str = "") -> None:
    from django.db import connection

    use_database("postgres")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        )
    use_database(name)


def load_bundled(name: str) -> None:
    from django.core.management import call_command

    recreate(name)
    for command in ("migrate", "load_catalogue", "load_traffic_profiles"):
        call_command(command, verbosity=0)
    call_command("load_featured_comparisons", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would, before pages are timed
        cursor.execute("VACUUM ANALYZE")


def columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def clone(cursor, model, *, join: str, exprs: dict[str, str]) -> None:
    """INSERT copies of ``model``'s rows: SELECT ... FROM it as t ``join``; ``exprs`` override."""
    table = model._meta.db_table
    names = columns(model)
    select = ", ".join(exprs.get(name, f't."{name}"') for name in names)
    cursor.execute(
        f'INSERT INTO "{table}" ({", ".join(f'"{n}"' for n in names)}) '
        f'SELECT {select} FROM "{table}" t {join}'
    )


def clone_catalogue(target: int, offerings_per_model: int) -> None:
    """Grow the bundled catalogue to ``target`` published models by bulk SQL, each copy with
    about ``offerings_per_model`` offerings (its original's, repeated under other ids)."""
    from django.db import connection, transaction

    from catalog.models import (
        BenchmarkResult,
        FactSource,
        LanguageModel,
        ModelAlias,
        ModelCapability,
        Offering,
        PriceRecord,
    )
    from catalog.version import bump_catalogue_version

    models_table = LanguageModel._meta.db_table
    use_cases = LanguageModel.use_cases.through
    by_model = "JOIN model_map m ON t.model_id = m.old_id"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{models_table}" WHERE is_published')
        published = cursor.fetchone()[0]
        copies = -(-(target - published) // published)
        cursor.execute(
            "CREATE TEMP TABLE copy_numbers AS "
            f"SELECT t.id, k, (k - 1) * {published} "
            "+ row_number() OVER (PARTITION BY k ORDER BY t.id) AS n "
            f'FROM "{models_table}" t, generate_series(1, {copies}) k WHERE t.is_published'
        )
        clone(
            cursor,
            LanguageModel,
            join=f"JOIN copy_numbers c ON c.id = t.id AND c.n <= {target - published}",
            exprs={
                "slug": "t.slug || '-x' || c.k",
                "name": "t.name || ' x' || c.k",
                "successor_id": "NULL",
            },
        )
        cursor.execute(
            "CREATE TEMP TABLE model_map AS SELECT c.id AS old_id, m.id AS new_id, c.k "
            f'FROM copy_numbers c JOIN "{models_table}" o ON o.id = c.id '
            f"JOIN \"{models_table}\" m ON m.slug = o.slug || '-x' || c.k"
        )
        cursor.execute("CREATE INDEX ON model_map (old_id)")
        for model, exprs in [
            (ModelAlias, {"identifier": "t.identifier || '-x' || m.k"}),
            (ModelCapability, {}),
            (FactSource, {}),
            (BenchmarkResult, {}),
        ]:
            clone(cursor, model, join=by_model, exprs={"model_id": "m.new_id", **exprs})
        offerings = Offering._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{offerings}"')
        repeats = max(1, round(offerings_per_model * published / cursor.fetchone()[0]))
        clone(
            cursor,
            Offering,
            join=f"{by_model} CROSS JOIN generate_series(1, {repeats}) r",
            exprs={
                "model_id": "m.new_id",
                "provider_model_id": "t.provider_model_id || '-x' || m.k || '-' || r",
            },
        )
        clone(
            cursor,
            use_cases,
            join="JOIN model_map m ON t.languagemodel_id = m.old_id",
            exprs={"languagemodel_id": "m.new_id"},
        )
        cursor.execute(
            "CREATE TEMP TABLE offering_map AS SELECT o.id AS old_id, c.id AS new_id "
            f'FROM "{offerings}" o JOIN model_map m ON o.model_id = m.old_id '
            f"CROSS JOIN generate_series(1, {repeats}) r "
            f'JOIN "{offerings}" c ON c.provider_id = o.provider_id '
            "AND c.provider_model_id = o.provider_model_id || '-x' || m.k || '-' || r"
        )
        clone(
            cursor,
            PriceRecord,
            join="JOIN offering_map m ON t.offering_id = m.old_id",
            exprs={"offering_id": "m.new_id"},
        )
        bump_catalogue_version()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans need it


def build(target: int) -> None:
    started = time.perf_counter()
    load_bundled(BUNDLED_DB)
    use_database("postgres")
    recreate(SCALE_DB, template=BUNDLED_DB)
    clone_catalogue(target, offerings_per_model=10)
    from catalog.models import LanguageModel, Offering

    print(
        f"{SCALE_DB}: {LanguageModel.objects.published().count():,} published models, "
        f"{Offering.objects.count():,} offerings "
        f"({time.perf_counter() - started:.0f} s with {BUNDLED_DB})"
    )


# pages ---------------------------------------------------------------------------------------
def collectstatic() -> None:
    """As in production: hashed, compressed static files (the templates name them)."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


FIRST_BYTES = 64 * 1024  # a streamed file: how soon this much of it has arrived


def timed_get(client, path: str) -> tuple[float, float]:
    """ms to the whole response, and to its first FIRST_BYTES (a streamed file's rows are
    read as they are sent; any other response arrives whole)."""
    start = time.perf_counter()
    response = client.get(path)
    first = None
    if response.streaming:
        received = 0
        for chunk in response.streaming_content:
            received += len(chunk)
            if first is None and received >= FIRST_BYTES:
                first = time.perf_counter()
    else:
        response.content  # noqa: B018
    end = time.perf_counter()
    return (end - start) * 1000, ((first or end) - start) * 1000


def measure(client, path: str, repeats: int, budget_seconds: float = 20.0):
    """Status, p50 and p95 ms, p50 ms to the first FIRST_BYTES, queries and bytes of
    ``path`` (at most ~budget_seconds)."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
        status, size = response.status_code, len(body(response))
    times, firsts, spent = [], [], 0.0
    while len(times) < repeats and spent < budget_seconds:
        whole, first = timed_get(client, path)
        times.append(whole)
        firsts.append(first)
        spent += whole / 1000
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return status, statistics.median(times), p95, statistics.median(firsts), len(queries), size


def pages(repeats: int) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    collectstatic()
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    print(
        f"{'page':<22} {'size':<8} {'status':>6} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'64 KB ms':>9} {'queries':>7} {'KB':>9}"
    )
    with override_settings(CACHES=dummy):
        for database, label in ((BUNDLED_DB, "bundled"), (SCALE_DB, "10k")):
            use_database(database)
            client = Client(HTTP_HOST="localhost")
            for name, path in PAGES:
                status, p50, p95, first, queries, size = measure(client, path, repeats)
                print(
                    f"{name:<22} {label:<8} {status:>6} {p50:>9.1f} {p95:>9.1f} "
                    f"{first:>9.1f} {queries:>7} {size / 1024:>9.1f}"
                )


# load ----------------------------------------------------------------------------------------
def wrk(url: str, seconds: int) -> float:
    result = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "20s", *_wrk_headers(), url],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} failed responses")
    return float(found.group(1)) if found else 0.0


def _wrk_headers() -> list[str]:
    return [part for name, value in BROWSER_HEADERS.items() for part in ("-H", f"{name}: {value}")]


def fetch(url: str, timeout: float) -> bytes:
    """``url`` as a browser asks for it (the same page cache entry as wrk's requests)."""
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=BROWSER_HEADERS), timeout=timeout
    ) as response:
        return response.read()


def drain(base: str, timeout: float = 120) -> None:
    """Wait until the workers have finished the previous run's queued requests."""
    deadline, quick = time.monotonic() + timeout, 0
    while quick < 3 and time.monotonic() < deadline:
        start = time.monotonic()
        with contextlib.suppress(OSError):
            fetch(f"{base}/floor/", timeout)
        quick = quick + 1 if time.monotonic() - start < 0.05 else 0


def warm(url: str, workers: int, timeout: float = 120) -> None:
    """Request ``url`` one at a time until quick answers show the page is in every worker's
    page cache (each process has its own). wrk's warm-up alone does not do it for a page
    slower than its run: a client that hangs up cancels the request before it is stored."""
    quick = 0
    for _ in range(8 * workers):
        start = time.monotonic()
        with contextlib.suppress(OSError):
            fetch(url, timeout)
        quick = quick + 1 if time.monotonic() - start < 0.1 else 0
        if quick >= 2 * workers:
            return


@contextlib.contextmanager
def server(database: str, *, cache: bool, workers: int, port: int):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_NAME": database,
        "BENCH_PAGE_CACHE": "on" if cache else "off",
        "DEBUG": "",
        "DATABASE_POOL": "true",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_WORKERS": str(workers),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "modelref.serve"],  # the production server (granian)
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers too can be stopped, as a process group
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/floor/", timeout=2)
                break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a cancelled slow request
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


CACHE_MODES = {"cold": (False,), "warm": (True,), "both": (False, True)}


def load(seconds: int, workers: int, port: int = PORT, modes: str = "both") -> None:
    if not shutil.which("wrk"):
        sys.exit("load needs wrk (apt-get install wrk)")
    collectstatic()
    print(f"{'page':<22} {'size':<8} {'cache':<6} {'req/s':>8} {'floor':>8} {'share':>6}")
    for database, label in ((BUNDLED_DB, "bundled"), (SCALE_DB, "10k")):
        for cache in CACHE_MODES[modes]:
            with server(database, cache=cache, workers=workers, port=port) as base:
                for name, path in PAGES:
                    if cache:
                        warm(base + path, workers)
                    wrk(base + path, 1)  # warm the connection pool (and the page cache)
                    drain(base)
                    floor = wrk(base + "/floor/", seconds)
                    rate = wrk(base + path, seconds)
                    drain(base)
                    print(
                        f"{name:<22} {label:<8} {'warm' if cache else 'cold':<6} "
                        f"{rate:>8.0f} {floor:>8.0f} {rate / max(floor, 1):>6.2f}"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", nargs="?", default="all", choices=["build", "pages", "load", "all"])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=PORT, help="the load step's server port")
    parser.add_argument(
        "--cache", choices=sorted(CACHE_MODES), default="both", help="the load step's page cache"
    )
    options = parser.parse_args()
    setup_django(BUNDLED_DB)
    if options.step in ("build", "all"):
        build(options.models)
    if options.step in ("pages", "all"):
        pages(options.repeats)
    if options.step in ("load", "all"):
        load(options.seconds, options.workers, options.port, options.cache)


if __name__ == "__main__":
    main()
