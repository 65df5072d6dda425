"""The diff/apply engine shared by the bulk importers (the rules are in README.md).

An import runs in two steps inside one transaction:

1. ``build()`` reads the source and the whole catalogue (a fixed handful of queries, into
   dicts keyed by natural keys) and fills a :class:`Plan` of objects to create and update,
   and an :class:`ImportReport` saying what would change and why.
2. ``Plan.apply()`` writes the plan with ``bulk_create`` / ``bulk_update`` in batches.

A dry run stops after step 1. Any exception rolls the whole import back; problems in one
file of the source are reported and skip that file instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.models import (
    PRICE_FIELDS,
    Benchmark,
    BenchmarkResult,
    Capability,
    FactSource,
    ImportRun,
    Lab,
    LanguageModel,
    License,
    Modality,
    ModelAlias,
    ModelCapability,
    Offering,
    PriceRecord,
    Provider,
)

logger = logging.getLogger(__name__)

MISSING = object()
EMPTY = (None, "", [], {})
SIX_PLACES = Decimal("0.000001")
MAX_PRICE = Decimal("100000000")  # the price columns hold 8 digits before the point
BATCH_SIZE = 500
MODELS_DEV_URL = "https://models.dev/"
# Model fields an import sets, and the FactSource row that vouches for each.
FACT_FIELDS = {
    "release_date": FactSource.Field.RELEASE_DATE,
    "knowledge_cutoff": FactSource.Field.KNOWLEDGE_CUTOFF,
    "context_window_tokens": FactSource.Field.CONTEXT_WINDOW,
    "max_output_tokens": FactSource.Field.MAX_OUTPUT,
    "license": FactSource.Field.LICENSE,
    "input_modalities": FactSource.Field.MODALITIES,
    "output_modalities": FactSource.Field.MODALITIES,
}


class ImportAborted(Exception):
    """The source as a whole cannot be read: nothing is imported."""


class ImportFailed(Exception):
    """The import stopped and was rolled back; ``run`` is the ImportRun that records it."""

    def __init__(self, message: str, run: ImportRun):
        super().__init__(message)
        self.run = run


class FileProblem(Exception):
    """One file (or entry) of the source is malformed; it is reported and skipped."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


# Values --------------------------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A JSON-able form of a field value, equal for equal values (Decimal 1.0 == 1)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return value


def shown(value: Any) -> str:
    """A value as the report prints it."""
    return "(empty)" if value in EMPTY else repr(value) if isinstance(value, str) else str(value)


def decide(*, current: Any, new: Any, previous: Any, locked: bool) -> str:
    """What an import does with one field (all values canonical).

    "same": nothing to do. "adopt": the value already matches; remember it as imported.
    "set": write the new value. "locked": an editor locked the field. "edited": an editor
    changed the value since the last import (or set it before any import): keep it.
    "ignore": the source has no value for a field the import never set.
    """
    if current == new:
        return "same" if previous == new or new is None else "adopt"
    if locked:
        return "locked"
    if previous is MISSING:
        if new is None:
            return "ignore"
        return "set" if current in EMPTY else "edited"
    return "set" if current == previous else "edited"


def parse_price(value: Any, field: str, *, per_token: bool = False) -> Decimal | None:
    """A non-negative price in USD per 1M tokens, to the six decimals the columns hold."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise FileProblem(field, f"is not a number: {value!r}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FileProblem(field, f"is not a number: {value!r}.") from None
    if not number.is_finite():
        raise FileProblem(field, f"is not a number: {value!r}.")
    if number < 0:
        raise FileProblem(field, f"is negative: {value!r}.")
    if per_token:
        number *= 1_000_000
    if number >= MAX_PRICE:
        raise FileProblem(field, f"is too large for a price: {value!r}.")
    return number.quantize(SIX_PLACES)


def parse_tokens(value: Any, field: str) -> int | None:
    """A positive token count; 0 means unknown (the source's convention), so None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FileProblem(field, f"is not a whole number of tokens: {value!r}.")
    if value < 0:
        raise FileProblem(field, f"is negative: {value!r}.")
    if value > 2_147_483_647:
        raise FileProblem(field, f"is too large: {value!r}.")
    return value or None


def parse_date(value: Any, field: str) -> dt.date | None:
    """An ISO date; a month alone ("2025-10") is not a date, so unknown (None)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}", value.strip()):
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FileProblem(field, f"is not a date (YYYY-MM-DD): {value!r}.")


def parse_text(value: Any, field: str, *, max_length: int, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            raise FileProblem(field, "is required.")
        return None
    if not isinstance(value, str):
        raise FileProblem(field, f"must be text: {value!r}.")
    if len(value) > max_length:
        raise FileProblem(field, f"is longer than {max_length} characters.")
    return value.strip()


def parse_bool(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise FileProblem(field, f"must be true or false: {value!r}.")


def url_or_blank(url: str | None) -> str:
    return url if url and len(url) <= 200 and url.startswith(("http://", "https://")) else ""


# Identity --------------------------------------------------------------------------------

REGION_PREFIX = re.compile(r"^(?:us|eu|apac|ap|global|jp|au|ca|us-gov)\.")
# Vendor prefixes of cloud ids ("anthropic.claude-..."), besides the labs' own slugs.
VENDOR_PREFIXES = {
    "ai21",
    "amazon",
    "anthropic",
    "cohere",
    "deepseek",
    "google",
    "meta",
    "minimax",
    "mistral",
    "moonshot",
    "moonshotai",
    "nvidia",
    "openai",
    "qwen",
    "writer",
    "xai",
    "zai",
}
DATE_SUFFIX = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$")


def normalise(identifier: str, vendors: set[str] = VENDOR_PREFIXES) -> str:
    """The form under which ids of one model meet, e.g. every id of Claude Haiku 4.5
    but the dated ones -> "claude-haiku-4-5", and "anthropic.claude-haiku-4-5-20251001-v1:0"
    or "claude-haiku-4-5@20251001" -> "claude-haiku-4-5-20251001" / "claude-haiku-4-5".
    """
    text = identifier.strip().lower().lstrip("~")
    text = text.rsplit("/", 1)[-1]
    text = REGION_PREFIX.sub("", text)
    head, dot, rest = text.partition(".")
    cloud_style = False
    if dot and head in vendors and rest[:1].isalpha():
        text, cloud_style = rest, True
    text = text.split("@", 1)[0]
    text = re.sub(r"-v\d+:\d+$", "", text)
    if cloud_style:
        text = re.sub(r"-v\d+$", "", text)
    text = re.sub(r":[a-z][a-z-]*$", "", text)
    return re.sub(r"[._\s]+", "-", text).strip("-")


def loose(key: str) -> str:
    """A normalised id without its date or "-latest" suffix."""
    return DATE_SUFFIX.sub("", key)


class ModelIndex:
    """Every id a model is known by: slugs, aliases, ids seen in this import."""

    def __init__(self, vendors: set[str]):
        self.vendors = vendors
        self.exact: dict[str, LanguageModel] = {}
        self.normal: dict[str, dict[int, LanguageModel]] = defaultdict(dict)
        self.loose: dict[str, dict[int, LanguageModel]] = defaultdict(dict)

    def add(self, identifier: str, model: LanguageModel) -> None:
        self.exact.setdefault(identifier.lower(), model)
        key = normalise(identifier, self.vendors)
        self.normal[key][id(model)] = model
        self.loose[loose(key)][id(model)] = model

    def find(self, *identifiers: str) -> tuple[LanguageModel | None, str]:
        """The one model these ids name, and how it was found ("" when none or ambiguous)."""
        identifiers = tuple(i for i in identifiers if i)
        for identifier in identifiers:
            if (model := self.exact.get(identifier.lower())) is not None:
                return model, "id"
        for table, how in ((self.normal, "normalised id"), (self.loose, "undated id")):
            for identifier in identifiers:
                key = normalise(identifier, self.vendors)
                hits = table.get(key if table is self.normal else loose(key))
                if hits and len(hits) == 1:
                    return next(iter(hits.values())), how
                if hits:
                    return None, "ambiguous: " + ", ".join(sorted(m.slug for m in hits.values()))
        return None, ""


# Report and plan -----------------------------------------------------------------------


@dataclass
class ImportReport:
    title: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)

    @property
    def change_count(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def skip(self, where: str, problem: FileProblem | str) -> None:
        self.skipped.append(f"{where}: {problem} Skipped.")

    def counts(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "changes": self.change_count,
            "kept": len(self.kept),
            "skipped": len(self.skipped),
            "unmatched": len(self.unmatched),
        }

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"  {kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        lines.append(
            f"{self.change_count} change(s); {len(self.kept)} editor's edit(s) kept; "
            f"{len(self.skipped)} skipped; {len(self.unmatched)} unmatched."
        )
        return "\n".join(lines)

    def text(self) -> str:
        parts = [self.title, "", "Summary", self.summary()]
        sections = (
            ("Changes", self.changes),
            ("Kept editor's edits", self.kept),
            ("Skipped", self.skipped),
            ("Unmatched routes", self.unmatched),
            ("Notes", [f"{note} ({count}x)" for note, count in sorted(self.notes.items())]),
        )
        for heading, lines in sections:
            if lines:
                parts += ["", f"{heading} ({len(lines)})", *(f"  {line}" for line in lines)]
        return "\n".join(parts) + "\n"


class Plan:
    """Objects to create and update, written in dependency order by ``apply()``."""

    ORDER = (
        Lab,
        Provider,
        LanguageModel,
        ModelAlias,
        ModelCapability,
        FactSource,
        BenchmarkResult,
        Offering,
        PriceRecord,
    )

    def __init__(self):
        self.new: dict[type, list] = defaultdict(list)
        self.dirty: dict[type, dict[int, tuple[models.Model, set[str]]]] = defaultdict(dict)

    def create(self, obj: models.Model) -> None:
        self.new[type(obj)].append(obj)

    def update(self, obj: models.Model, fields) -> None:
        if obj.pk is None:
            return  # created by this plan: it is written with all its values
        _, known = self.dirty[type(obj)].setdefault(id(obj), (obj, set()))
        known.update(fields)

    @property
    def size(self) -> int:
        return sum(map(len, self.new.values())) + sum(map(len, self.dirty.values()))

    def apply(self, progress: Progress | None = None) -> None:
        done = 0
        for model in self.ORDER:
            created = self.new.get(model, [])
            for start in range(0, len(created), BATCH_SIZE):
                batch = created[start : start + BATCH_SIZE]
                model.objects.bulk_create(batch)
                done += len(batch)
                if progress:
                    progress.update(done, f"writing {model._meta.verbose_name_plural}")
            dirty = list(self.dirty.get(model, {}).values())
            if not dirty:
                continue
            fields = sorted(set().union(*(names for _, names in dirty)))
            objs = [obj for obj, _ in dirty]
            if any(f.name == "updated_at" for f in model._meta.fields):
                now = timezone.now()
                for obj in objs:
                    obj.updated_at = now
                fields = sorted({*fields, "updated_at"})
            model.objects.bulk_update(objs, fields, batch_size=BATCH_SIZE)
            done += len(objs)
            if progress:
                progress.update(done, f"updating {model._meta.verbose_name_plural}")


class Progress:
    """A one-line progress indicator on a terminal's stderr; silent elsewhere."""

    def __init__(self, stream: TextIO | None = None, label: str = "Importing"):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.label = label
        self.total = 0

    def update(self, done: int, what: str = "") -> None:
        if self.enabled:
            total = f"/{self.total}" if self.total else ""
            self.stream.write(f"\r\x1b[K{self.label}: {done}{total} {what}")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


# The importer ----------------------------------------------------------------------------


class CatalogueImporter:
    """Shared state and steps of the importers; subclasses implement ``build(path)``."""

    source: str = ""
    source_name: str = ""
    # The capabilities a source's booleans map to (capability slugs).
    LAB_PREFIXES = {
        "meta-llama": "meta",
        "mistralai": "mistral",
        "qwen": "alibaba",
        "z-ai": "zhipuai",
        "zai": "zhipuai",
        "zai-org": "zhipuai",
        "thudm": "zhipuai",
        "deepseek-ai": "deepseek",
        "x-ai": "xai",
        "minimaxai": "minimax",
        "moonshot": "moonshotai",
        "stepfun-ai": "stepfun",
        "xiaomimimo": "xiaomi",
    }

    def __init__(self, *, today: dt.date | None = None, progress: Progress | None = None):
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.progress = progress
        self.plan = Plan()
        self.report = ImportReport(title="")

    # Running -------------------------------------------------------------------------------
    def run(self, path: Path | str, *, dry_run: bool = False, user=None) -> ImportRun:
        """Import ``path`` in one transaction and record an ImportRun; raise ImportFailed."""
        mode = "dry run, nothing written" if dry_run else "applied"
        self.report.title = f"{self.source_name} import of {path} on {self.today} ({mode})"
        run = ImportRun(source=self.source, path=str(path)[:500], user=user, started_at=self.now)
        try:
            with transaction.atomic():
                self.build(Path(path))
                if not dry_run:
                    if self.progress:
                        self.progress.total = self.plan.size
                    self.plan.apply(self.progress)
        except Exception as error:
            if not isinstance(error, ImportAborted | FileProblem):
                logger.exception("The %s import of %s failed", self.source_name, path)
            run.status = ImportRun.Status.FAILED
            run.finished_at = timezone.now()
            run.counts = {}
            run.report = (
                f"{self.report.title}\n\nFailed, nothing was imported (rolled back): {error}\n"
            )
            run.save()
            raise ImportFailed(f"Nothing was imported: {error}", run) from error
        finally:
            if self.progress:
                self.progress.finish()
        run.status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.APPLIED
        run.finished_at = timezone.now()
        run.counts = self.report.counts()
        run.report = self.report.text()
        run.save()
        return run

    def build(self, path: Path) -> None:
        raise NotImplementedError

    def tick(self, done: int, what: str = "") -> None:
        if self.progress and done % 50 == 0:
            self.progress.update(done, what)

    # Loading the catalogue (a fixed number of queries) ---------------------------------
    def load_catalogue(self) -> None:
        self.labs = {lab.slug: lab for lab in Lab.objects.all()}
        self.providers = {p.slug: p for p in Provider.objects.all()}
        self.licenses: dict[str, License] = {}
        for license in License.objects.all():
            for key in (license.slug, license.spdx_id, license.name):
                if key:
                    self.licenses.setdefault(key.lower(), license)
        self.capabilities = {c.slug: c for c in Capability.objects.all()}
        self.benchmarks: dict[str, Benchmark] = {}
        for benchmark in Benchmark.objects.all():
            for name in (benchmark.name, benchmark.slug, *benchmark.aliases):
                self.benchmarks.setdefault(benchmark_key(name), benchmark)
        self.models = {m.pk: m for m in LanguageModel.objects.defer("body", "summary")}
        self.model_slugs = {m.slug for m in self.models.values()}
        self.index = ModelIndex(VENDOR_PREFIXES | set(self.labs))
        for model in self.models.values():
            self.index.add(model.slug, model)
        self.alias_ids: set[str] = set()
        for model_id, identifier in ModelAlias.objects.values_list("model_id", "identifier"):
            self.alias_ids.add(identifier.lower())
            self.index.add(identifier, self.models[model_id])
        provider_slugs = {p.pk: p.slug for p in self.providers.values()}
        self.offerings = {
            (provider_slugs[o.provider_id], o.provider_model_id): o for o in Offering.objects.all()
        }
        self.model_capabilities = {
            (mc.model_id, mc.capability_id): mc for mc in ModelCapability.objects.all()
        }
        self.fact_sources = {(fs.model_id, fs.field): fs for fs in FactSource.objects.all()}
        self.results = {
            (r.model_id, r.benchmark_id, r.setting, r.setting_detail): r
            for r in BenchmarkResult.objects.all()
        }
        # Which lab makes a family, learnt from the models the catalogue and source file.
        self.family_labs: dict[str, set[str]] = defaultdict(set)

    # Merging ---------------------------------------------------------------------------
    def merge(
        self, obj: models.Model, values: dict[str, Any], *, kind: str, label: str, source: str
    ) -> list[str]:
        """Create ``obj`` or apply ``values`` to it by the editor rules; return changed fields."""
        if obj.pk is None and not getattr(obj, "_planned", False):
            for name, value in values.items():
                if value is not None:
                    setattr(obj, name, value)
            obj.imported_values = {
                name: canonical(value) for name, value in values.items() if value is not None
            }
            obj.import_source = source[:200]
            obj.imported_at = self.now
            obj._planned = True
            self.plan.create(obj)
            self.report.created[kind] += 1
            self.report.changes.append(f"+ created {kind} {label} (from {source})")
            return [name for name, value in values.items() if value is not None]
        locked = set(obj.locked_fields)
        imported = dict(obj.imported_values)
        changed: list[str] = []
        diffs: list[str] = []
        for name, value in values.items():
            current = canonical(getattr(obj, obj._meta.get_field(name).attname))
            new = canonical(value)
            previous = imported.get(name, MISSING)
            decision = decide(current=current, new=new, previous=previous, locked=name in locked)
            if decision == "adopt":
                imported[name] = new
            elif decision == "set":
                setattr(obj, name, value)
                imported[name] = new
                changed.append(name)
                diffs.append(f"{name} {shown(current)} -> {shown(new)}")
            elif decision in ("locked", "edited"):
                why = "locked" if decision == "locked" else "kept editor's edit"
                self.report.kept.append(
                    f"{kind} {label}: {name}: {why}: {shown(current)} "
                    f"({self.source_name} says {shown(new)})"
                )
        if changed:
            obj.import_source = source[:200]
            obj.imported_at = self.now
            self.report.updated[kind] += 1
            self.report.changes.append(f"~ updated {kind} {label}: " + "; ".join(diffs))
        else:
            self.report.unchanged[kind] += 1
        if changed or imported != obj.imported_values:
            obj.imported_values = imported
            self.plan.update(obj, [*changed, "imported_values", "import_source", "imported_at"])
        return changed

    def merge_key(self, model: LanguageModel, key: str, current: Any, new: Any) -> str:
        """Apply the editor rules to a figure kept outside the model's own fields
        (a capability, a benchmark score); ``imported_values[key]`` remembers it."""
        locked = set(model.locked_fields)
        prefix = key.split(".", 1)[0]
        previous = model.imported_values.get(key, MISSING)
        decision = decide(
            current=canonical(current),
            new=canonical(new),
            previous=previous,
            locked=key in locked or prefix in locked,
        )
        if decision in ("adopt", "set"):
            model.imported_values = {**model.imported_values, key: canonical(new)}
            self.plan.update(model, ["imported_values"])
        if decision in ("locked", "edited"):
            why = "locked" if decision == "locked" else "kept editor's edit"
            self.report.kept.append(
                f"language model {model.slug}: {key}: {why}: {shown(canonical(current))} "
                f"({self.source_name} says {shown(canonical(new))})"
            )
        return decision

    # Models ----------------------------------------------------------------------------
    def model_values(self, data: dict, where: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Model fields and capability support ("yes"/"no") from a models.dev-style record.

        Raises FileProblem naming the field when a value is malformed.
        """
        name = parse_text(data.get("name"), "name", max_length=200, required=True)
        name = re.sub(r"\s*\(latest\)$", "", name, flags=re.IGNORECASE)
        limit = table(data, "limit")
        values: dict[str, Any] = {
            "name": name,
            "release_date": parse_date(data.get("release_date"), "release_date"),
            "context_window_tokens": parse_tokens(limit.get("context"), "limit.context"),
            "max_output_tokens": parse_tokens(limit.get("output"), "limit.output"),
        }
        knowledge = data.get("knowledge")
        if isinstance(knowledge, dt.date):
            knowledge = knowledge.isoformat()
        if knowledge not in (None, ""):
            if not isinstance(knowledge, str) or not re.fullmatch(
                r"\d{4}-\d{2}(-\d{2})?", knowledge
            ):
                raise FileProblem("knowledge", f"is not YYYY-MM or YYYY-MM-DD: {knowledge!r}.")
            values["knowledge_cutoff"] = knowledge
        if isinstance(data.get("release_date"), str) and values["release_date"] is None:
            self.report.notes["release_date given as a month only: left unknown"] += 1
        modalities = table(data, "modalities")
        for direction in ("input", "output"):
            listed = modalities.get(direction)
            if listed is None:
                continue
            if not isinstance(listed, list) or not all(isinstance(m, str) for m in listed):
                raise FileProblem(f"modalities.{direction}", "must be a list of names.")
            known = [m for m in listed if m in Modality.values]
            if len(known) != len(listed):
                self.report.notes[
                    f"modalities other than {', '.join(Modality.values)} ignored"
                ] += 1
            values[f"{direction}_modalities"] = known
        license_name = parse_text(data.get("license"), "license", max_length=200)
        open_weights = parse_bool(data.get("open_weights"), "open_weights")
        if license_name:
            license = self.licenses.get(license_name.lower())
            if license is None:
                self.report.notes[f"unknown license {license_name!r} left unset"] += 1
            values["license"] = license
        elif open_weights is False and "proprietary" in self.licenses:
            values["license"] = self.licenses["proprietary"]
        elif open_weights:
            self.report.notes["open weights without a named license: license left unset"] += 1
        support: dict[str, str] = {}
        for key, slugs in (
            ("tool_call", ("function-calling", "tool-use")),
            ("reasoning", ("reasoning-mode",)),
            ("structured_output", ("structured-outputs",)),
        ):
            flag = parse_bool(data.get(key), key)
            if flag is not None:
                support.update(dict.fromkeys(slugs, "yes" if flag else "no"))
        inputs = values.get("input_modalities")
        attachment = parse_bool(data.get("attachment"), "attachment")
        if inputs is not None:
            support["vision"] = "yes" if "image" in inputs else "no"
            multimodal = attachment or any(m != "text" for m in inputs)
            support["multimodal-input"] = "yes" if multimodal else "no"
        return values, support

    def new_model(self, *, identifier: str, lab: Lab) -> LanguageModel:
        """An unsaved draft model with a free slug made from ``identifier``."""
        base = slugify(re.sub(r"[./:@_]+", "-", identifier)).replace("-vs-", "-v-s-")[:110]
        base = base.strip("-") or "model"
        slug, number = base, 2
        while slug in self.model_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.model_slugs.add(slug)
        model = LanguageModel(slug=slug, lab=lab, is_published=False)
        self.index.add(slug, model)  # as the next import will know it
        return model

    def merge_model(
        self, model: LanguageModel, values: dict, support: dict[str, str], *, source: str
    ) -> None:
        """Model fields, their FactSource rows and capabilities, by the editor rules."""
        changed = self.merge(model, values, kind="language model", label=model.slug, source=source)
        for field_name in {FACT_FIELDS[name] for name in changed if name in FACT_FIELDS}:
            self.vouch(model, field_name, source)
        capability_changed = False
        for slug, wanted in support.items():
            capability = self.capabilities.get(slug)
            if capability is None:
                self.report.notes[f"capability {slug!r} not in the catalogue: not set"] += 1
                continue
            status = self.model_capabilities.get((model.pk, capability.pk)) if model.pk else None
            if status is None:
                status = ModelCapability(
                    model=model, capability=capability, support=wanted, source_url=MODELS_DEV_URL
                )
                self.model_capabilities[(model.pk or id(model), capability.pk)] = status
                if model.pk is not None:
                    self.merge_key(model, f"capabilities.{slug}", None, wanted)
                else:
                    model.imported_values[f"capabilities.{slug}"] = wanted
                self.plan.create(status)
                self.report.created["capability status"] += 1
                capability_changed = True
                continue
            current = None if status.support == ModelCapability.Support.UNKNOWN else status.support
            decision = self.merge_key(model, f"capabilities.{slug}", current, wanted)
            if decision == "set":
                self.report.changes.append(
                    f"~ updated capability {model.slug} {slug}: {status.support} -> {wanted}"
                )
                status.support = wanted
                status.source_url = MODELS_DEV_URL
                self.plan.update(status, ["support", "source_url"])
                self.report.updated["capability status"] += 1
                capability_changed = True
            else:
                self.report.unchanged["capability status"] += 1
        if capability_changed:
            self.vouch(model, FactSource.Field.CAPABILITIES, source)

    def vouch(self, model: LanguageModel, field_name: str, source: str) -> None:
        """Record that ``source`` vouches for one figure of ``model`` (a FactSource row)."""
        note = f"{self.source_name}: {source}"[:200]
        fact = self.fact_sources.get((model.pk, field_name)) if model.pk else None
        if fact is None:
            fact = FactSource(model=model, field=field_name)
            self.fact_sources[(model.pk or id(model), field_name)] = fact
            self.plan.create(fact)
        elif (fact.url, fact.checked_on, fact.note) == (self.source_url, self.today, note):
            return
        else:
            self.plan.update(fact, ["url", "checked_on", "note"])
        fact.url, fact.checked_on, fact.note = self.source_url, self.today, note

    source_url = MODELS_DEV_URL

    def guess_lab(self, identifier: str, family: Any, provider: Provider | None) -> Lab | None:
        """The lab a model not in the catalogue comes from, if the data says so."""
        text = identifier.lower().lstrip("~")
        for separator in ("/", "."):
            head = text.split(separator, 1)[0] if separator in text else ""
            slug = self.LAB_PREFIXES.get(head, head)
            if slug in self.labs:
                return self.labs[slug]
        if isinstance(family, str) and len(self.family_labs.get(family, ())) == 1:
            return self.labs.get(next(iter(self.family_labs[family])))
        if lab := self.lab_of_name(normalise(identifier, self.index.vendors)):
            return lab
        if provider is not None and provider.kind == Provider.Kind.FIRST_PARTY:
            if provider.pk is None or provider.lab_id is None:
                return provider.lab if provider.pk is None else None
            return next((lab for lab in self.labs.values() if lab.pk == provider.lab_id), None)
        return None

    def lab_of_name(self, key: str) -> Lab | None:
        """The lab whose models' ids mostly start like ``key`` ("grok-4-1" -> xai), learnt
        from the catalogue's model slugs and the source's model files."""
        if not hasattr(self, "name_labs"):
            counts: dict[str, Counter] = defaultdict(Counter)
            labs_by_pk = {lab.pk: lab.slug for lab in self.labs.values() if lab.pk}
            for model in self.models.values():
                if not model.is_published:
                    continue  # drafts (maybe an earlier import's guesses) teach nothing
                counts[model.slug.split("-", 1)[0]][labs_by_pk.get(model.lab_id)] += 1
            for key_, model_lab in getattr(self, "file_labs", []):
                counts[key_.split("-", 1)[0]][model_lab] += 1
            self.name_labs = {}
            for head, labs in counts.items():
                (best, count), total = labs.most_common(1)[0], labs.total()
                if best and count >= 0.8 * total and len(head) >= 3 and not head.isdigit():
                    self.name_labs[head] = best
        slug = self.name_labs.get(key.split("-", 1)[0])
        return self.labs.get(slug) if slug else None

    # Offerings ----------------------------------------------------------------------------
    def merge_offering(
        self,
        provider: Provider,
        route_id: str,
        model: LanguageModel,
        values: dict[str, Any],
        *,
        source: str,
        source_url: str,
    ) -> None:
        """Create or update one offering; limits are kept only where they differ from the
        model's; provenance and a price record follow every change."""
        for name, model_field in (
            ("context_window_tokens", "context_window_tokens"),
            ("max_output_tokens", "max_output_tokens"),
        ):
            if values.get(name) is not None and values[name] == getattr(model, model_field):
                values[name] = None
        key = (provider.slug, route_id)
        offering = self.offerings.get(key)
        if offering is None:
            offering = Offering(provider=provider, provider_model_id=route_id, model=model)
            self.offerings[key] = offering
        before = {name: getattr(offering, name) for name in PRICE_FIELDS}
        created = offering.pk is None
        changed = self.merge(
            offering, values, kind="offering", label=f"{provider.slug} {route_id}", source=source
        )
        if not (changed or created):
            return
        provenance = []
        for name, value in (("source_url", source_url), ("last_verified_on", self.today)):
            if name not in offering.locked_fields and getattr(offering, name) != value:
                setattr(offering, name, value)
                provenance.append(name)
        self.plan.update(offering, provenance)
        prices = {name: getattr(offering, name) for name in PRICE_FIELDS}
        if (created and any(v is not None for v in prices.values())) or (
            not created and prices != before
        ):
            self.plan.create(
                PriceRecord(
                    offering=offering,
                    effective_on=self.today,
                    source_url=offering.source_url,
                    **prices,
                )
            )
            self.report.created["price record"] += 1


def table(data: dict, key: str) -> dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FileProblem(key, "must be a table.")
    return value


def benchmark_key(name: str) -> str:
    """Benchmark names meet case- and punctuation-insensitively."""
    return re.sub(r"[\W_]+", "", name.casefold())
