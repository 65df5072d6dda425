"""Time the models.dev import: the full snapshot, then the no-change re-import.

    EMBEDDED_POSTGRES_DIR=var/pg-bench .venv/bin/python benchmarks/import_benchmark.py [PATH]

Runs on a scratch database (created, migrated and dropped again on the configured server),
loads the bundled catalogue first, and prints seconds and query counts for both runs.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelref.settings_test")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.importers.bundled import load_catalogue
    from catalog.importers.modelsdev import import_modelsdev

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(settings.MODELSDEV_PATH)
    if not path.is_dir():
        print(f"No models.dev checkout at {path}.", file=sys.stderr)
        return 2
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "modelref_import_benchmark"  # not pytest's
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_catalogue()
        for label in ("full import", "no-change re-import"):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                run = import_modelsdev(path)
                seconds = time.perf_counter() - started
            print(
                f"{label}: {seconds:.2f} s, {len(queries)} queries, "
                f"{run.counts['changes']} change(s), {run.counts['skipped']} skipped, "
                f"{run.counts['unmatched']} unmatched"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
