"""The bundled catalogue covers the models.dev snapshot: every model file is published or listed."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from catalog.importers.bundled import DEFAULT_DIRECTORY
from catalog.models import Lab, LanguageModel, ModelAlias, Provider

SNAPSHOT = Path(settings.MODELSDEV_PATH)
MODEL_FILES = sorted(SNAPSHOT.glob("models/*/*.toml"))
README = DEFAULT_DIRECTORY / "README.md"
# "| `models/<lab>/<id>.toml` | <published as> | <reason> |" rows of catalog/data/README.md
ROW = re.compile(r"^\| `(models/[^`]+\.toml)` \| ([^|]+) \| (.+) \|$")

needs_snapshot = pytest.mark.skipif(not MODEL_FILES, reason=f"no models.dev snapshot at {SNAPSHOT}")


def listed_reasons() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            path, published_as, reason = (part.strip() for part in match.groups())
            rows[path] = (published_as, reason)
    return rows


def snapshot_id(path: Path) -> str:
    return path.stem.lower()


@needs_snapshot
def test_every_snapshot_model_is_published_or_listed_with_a_reason(bundled):
    published = LanguageModel.objects.published()
    # Aliases are unique without regard to case (Llama-3.3-70B-Instruct is llama-3.3-70b-instruct).
    identifiers = {
        identifier.lower()
        for identifier in [
            *published.values_list("slug", flat=True),
            *ModelAlias.objects.filter(model__in=published).values_list("identifier", flat=True),
        ]
    }
    reasons = listed_reasons()
    unexplained = [
        str(path.relative_to(SNAPSHOT))
        for path in MODEL_FILES
        if snapshot_id(path) not in identifiers and str(path.relative_to(SNAPSHOT)) not in reasons
    ]
    assert unexplained == []
    # A file listed as "not published" must really be unpublished, and every reason says why.
    for path, (published_as, reason) in reasons.items():
        assert (SNAPSHOT / path).is_file(), f"{path} is listed but not in the snapshot"
        assert len(reason) > 10, path
        if published_as == "not published":
            assert Path(path).stem.lower() not in identifiers, f"{path} is listed as not published"
    # The targets of the coverage issue.
    assert published.count() >= 200
    assert Lab.objects.filter(models__in=published).distinct().count() >= 20
    assert Provider.objects.filter(offerings__model__in=published).distinct().count() >= 45
    # Pinned snapshots are aliases of their model, not models of their own.
    haiku = ModelAlias.objects.get(identifier="claude-haiku-4-5-20251001")
    assert (haiku.model.slug, haiku.kind) == ("claude-haiku-4-5", "snapshot")
    assert not LanguageModel.objects.filter(slug__contains="20251001").exists()


@needs_snapshot
def test_reasons_name_only_snapshot_files_and_give_the_alias_target():
    reasons = listed_reasons()
    assert reasons, "catalog/data/README.md lists no snapshot files"
    assert reasons["models/openai/whisper-large-v3.toml"][0] == "not published"
    assert reasons["models/anthropic/claude-opus-4-20250514.toml"] == (
        "snapshot",
        "pinned snapshot of Claude Opus 4 (`claude-opus-4`)",
    )
    kinds = {published_as for published_as, _ in reasons.values()}
    assert kinds <= {"alias", "snapshot", "not published"}
