"""Time the imports: the full models.dev snapshot and its models.json over the bundled
catalogue, then the no-change re-import of both, then the bundled load again.

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
    from catalog.importers.openrouter import import_openrouter

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(settings.MODELSDEV_PATH)
    if not path.is_dir():
        print(f"No models.dev checkout at {path}.", file=sys.stderr)
        return 2
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "modelref_import_benchmark"  # not pytest's
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_catalogue()

        def both():
            first = import_modelsdev(path)
            second = import_openrouter(path / "models.json")
            return {
                key: first.counts[key] + second.counts[key]
                for key in ("changes", "skipped", "unmatched", "proposed")
            }

        for label, step in (
            ("full snapshot import (models.dev + models.json)", both),
            ("no-change re-import (both)", both),
            ("bundled load after the imports", lambda: {"changes": load_catalogue().changes}),
        ):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                counts = step()
                seconds = time.perf_counter() - started
            details = ", ".join(
                f"{counts[k]} {k}" for k in ("skipped", "unmatched", "proposed") if k in counts
            )
            print(
                f"{label}: {seconds:.2f} s, {len(queries)} queries, "
                f"{counts['changes']} change(s)" + (f", {details}" if details else "")
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
