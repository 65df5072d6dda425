"""Editors' review of what imports bring: accept, reject, merge.

An import stores what no editor has seen as *pending* rows (providers, offerings, models)
and proposed value changes to existing rows as ``ProposedChange``. Nothing pending reaches
a public page. Editors decide here:

- ``accept_change`` applies a proposed value through ``apply_value``, which writes it with
  its provenance and records it as the editor's;
- ``accept_row`` / ``reject_row`` decide pending providers, offerings and models;
- ``merge_model`` folds a draft model into an existing one.

Every function raises ``ReviewError`` with a message for the editor, never a crash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone

from catalog.importers.bookkeeping import EDITOR, Bookkeeping, carry
from catalog.models import (
    FACT_OF_FIELD,
    Benchmark,
    BenchmarkResult,
    BenchmarkSetting,
    Capability,
    CorrectionReport,
    FactSource,
    FaqEntry,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    ProposedChange,
    Provider,
    ReviewStatus,
)
from catalog.version import routes_changed, search_changed

CAPABILITY_PREFIX = "capabilities."
BENCHMARK_PREFIX = "benchmarks."  # benchmarks.<slug>.<setting>[.<detail>]
FIELDS_OF_FACT: dict[str, tuple[str, ...]] = {}
for _name, _fact in FACT_OF_FIELD.items():
    FIELDS_OF_FACT.setdefault(_fact, ())
    FIELDS_OF_FACT[_fact] += (_name,)


class ReviewError(Exception):
    """A decision cannot be carried out; the message says why, for the editor."""


@dataclass(frozen=True)
class Provenance:
    """What an imported value was read from: the consulted document and its own date."""

    source: str = ""  # e.g. "models.dev snapshot of 2026-07-02: providers/x/models/y.toml"
    url: str = ""  # where to check
    on: dt.date | None = None  # the consulted document's date, never the import's run date


# Applying one value ----------------------------------------------------------------------
def _python_value(target: models.Model, name: str, value: Any) -> Any:
    """A JSON value as the target field's Python value (a slug for a foreign key)."""
    try:
        model_field = target._meta.get_field(name)
    except Exception as error:
        raise ReviewError(f"{type(target).__name__} has no field “{name}”.") from error
    if not model_field.concrete or model_field.primary_key or not model_field.editable:
        raise ReviewError(f"“{name}” is not a field an import may set.")
    if value is None:
        return None
    if model_field.many_to_one:
        related = model_field.related_model
        found = related.objects.filter(slug=value).first()
        if found is None:
            raise ReviewError(f"“{name}”: no {related._meta.verbose_name} with slug “{value}”.")
        return found
    try:
        return model_field.to_python(value)
    except ValidationError as error:
        raise ReviewError(f"“{name}”: {' '.join(error.messages)}") from error


def save_checked(obj: models.Model, names: list[str], error: type[Exception] | None = None) -> None:
    """Save ``obj`` after the checks on the fields ``names`` and the row's own ``clean()``;
    a failed check or a database refusal raises ``error`` (ReviewError) with the message."""
    error = error or ReviewError
    try:
        obj.full_clean(
            exclude=[f.name for f in obj._meta.fields if f.name not in names],
            validate_unique=False,
            validate_constraints=False,
        )
        with transaction.atomic():
            obj.save()
    except ValidationError as problem:
        raise error(" ".join(problem.messages)) from problem
    except DatabaseError as problem:
        raise error(f"the database refused the value ({problem}).") from problem


def _remember(target: models.Model, key: str, value: Any, provenance: Provenance) -> None:
    """The importers' bookkeeping: an editor accepted this value, so it is the editor's.

    The loader and imports keep it (a different value from any source is proposed again,
    never applied), and a source that agrees with it changes nothing (see importers/README).
    """
    if hasattr(target, "imported_values"):
        keeper = Bookkeeping(target, EDITOR)
        keeper.remember(key, value)
        keeper.save_to_row()
        target.import_source = provenance.source[:200]
        target.imported_at = timezone.now()


def apply_value(
    target: LanguageModel | Offering | Provider, name: str, value: Any, provenance: Provenance
) -> None:
    """Set one imported value on ``target`` and record where it came from.

    ``name`` is a field of the target, or ``capabilities.<slug>`` on a model; ``value`` is
    JSON (decimals and dates as strings, a foreign key as a slug, unknown as None).
    An offering's price change joins its price history, dated by the source.
    """
    if isinstance(target, LanguageModel) and name.startswith(CAPABILITY_PREFIX):
        _apply_capability(target, name, value, provenance)
        return
    if isinstance(target, LanguageModel) and name.startswith(BENCHMARK_PREFIX):
        _apply_score(target, name, value, provenance)
        return
    setattr(target, name, _python_value(target, name, value))
    _remember(target, name, getattr(target, name), provenance)
    if isinstance(target, Offering):
        target.source_note = provenance.source[:300] or target.source_note
        target.source_url = provenance.url or target.source_url
        target.last_verified_on = provenance.on or target.last_verified_on
        target.price_effective_on = provenance.on
    save_checked(target, [name])
    if isinstance(target, LanguageModel) and name in FACT_OF_FIELD:
        _vouch(target, FACT_OF_FIELD[name], provenance)


def _apply_capability(model: LanguageModel, name: str, value: Any, provenance: Provenance) -> None:
    slug = name.removeprefix(CAPABILITY_PREFIX)
    capability = Capability.objects.filter(slug=slug).first()
    if capability is None:
        raise ReviewError(f"no capability with slug “{slug}”.")
    if value not in ModelCapability.Support.values:
        raise ReviewError(f"“{value}” is not yes, no or unknown.")
    ModelCapability.objects.update_or_create(
        model=model,
        capability=capability,
        defaults={"support": value, "source_url": provenance.url[:200]},
    )
    _remember(model, name, value, provenance)
    model.save(update_fields=["imported_values", "import_source", "imported_at"])
    _vouch(model, FactSource.Field.CAPABILITIES, provenance)


def _apply_score(model: LanguageModel, name: str, value: Any, provenance: Provenance) -> None:
    """A benchmark score (``benchmarks.<slug>.<setting>[.<detail>]``), created or changed."""
    _, slug, *rest = name.split(".", 3)
    setting = rest[0] if rest else BenchmarkSetting.STANDARD
    detail = rest[1] if len(rest) > 1 else ""
    benchmark = Benchmark.objects.filter(slug=slug).first()
    if benchmark is None:
        raise ReviewError(f"no benchmark with slug “{slug}”.")
    if setting not in BenchmarkSetting.values:
        raise ReviewError(f"“{setting}” is not a benchmark setting.")
    result = BenchmarkResult.objects.filter(
        model=model, benchmark=benchmark, setting=setting, setting_detail=detail
    ).first() or BenchmarkResult(
        model=model,
        benchmark=benchmark,
        setting=setting,
        setting_detail=detail,
        reported_by=BenchmarkResult.ReportedBy.INDEPENDENT,
    )
    result.score = _python_value(result, "score", value)
    result.source_url = provenance.url[:200] or result.source_url
    result.source_note = provenance.source[:300]
    result.checked_on = provenance.on
    save_checked(result, ["score"])
    _remember(model, name, value, provenance)
    model.save(update_fields=["imported_values", "import_source", "imported_at"])


def _vouch(model: LanguageModel, fact: str, provenance: Provenance) -> None:
    if not (provenance.url and provenance.on):
        raise ReviewError("the change names no source URL and date, so nothing would vouch for it.")
    FactSource.objects.update_or_create(
        model=model,
        field=fact,
        defaults={"url": provenance.url, "checked_on": provenance.on, "note": provenance.source},
    )


# Proposed changes ------------------------------------------------------------------------
def _check_pending(change: ProposedChange) -> None:
    if why := change.decided_already():
        raise ReviewError(why)


def accept_change(change: ProposedChange, *, user) -> None:
    """Apply the proposed value with its provenance, and mark the change accepted."""
    _check_pending(change)
    target = change.target
    if target is None:
        raise ReviewError("the row it changes no longer exists.")
    provenance = Provenance(source=change.source, url=change.source_url, on=change.source_date)
    with transaction.atomic():
        apply_value(target, change.field, change.new_value, provenance)
        change.decide(ProposedChange.Status.ACCEPTED, user)


def reject_change(change: ProposedChange, *, user) -> None:
    _check_pending(change)
    change.decide(ProposedChange.Status.REJECTED, user)


# Pending rows ----------------------------------------------------------------------------
def accept_row(row: LanguageModel | Offering | Provider) -> None:
    """Let a pending row reach the public pages (a model is published as well)."""
    _set_review_status(row, ReviewStatus.ACCEPTED)


def reject_row(row: LanguageModel | Offering | Provider) -> None:
    """Keep a row off the public pages for good (imports leave rejected rows alone)."""
    _set_review_status(row, ReviewStatus.REJECTED)


def _set_review_status(row: LanguageModel | Offering | Provider, status: str) -> None:
    if row.review_status == status:
        raise ReviewError(f"{row} is already {ReviewStatus(status).label.lower()}.")
    row.review_status = status
    fields = ["review_status"]
    if isinstance(row, LanguageModel):
        row.is_published = status == ReviewStatus.ACCEPTED
        fields.append("is_published")
    _save_fields(row, fields)


def _save_fields(row: models.Model, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            row.save(update_fields=fields)
    except DatabaseError as error:
        raise ReviewError(f"the database refused it ({error}).") from error


# Merging a draft into a model ------------------------------------------------------------
@dataclass
class MergeReport:
    moved: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    draft_deleted: bool = False

    def count(self, what: str, n: int = 1) -> None:
        self.moved[what] = self.moved.get(what, 0) + n

    def summary(self) -> str:
        moved = ", ".join(f"{n} {what}" for what, n in self.moved.items() if n) or "nothing"
        text = f"Moved {moved}."
        if self.conflicts:
            text += (
                f" {len(self.conflicts)} conflict(s) kept on the draft, which stays "
                "unpublished: " + "; ".join(self.conflicts)
            )
        return text


def _move(report: MergeReport, what: str, rows, **values) -> None:
    """Move rows one by one; a row the database refuses is reported, not lost."""
    for row in rows:
        try:
            with transaction.atomic():
                type(row).objects.filter(pk=row.pk).update(**values)
        except IntegrityError:
            report.conflicts.append(f"{what} “{row}” clashes with one of the target's")
        else:
            report.count(what)


def merge_model(draft: LanguageModel, target: LanguageModel, *, user=None) -> MergeReport:
    """Fold ``draft`` into ``target``: aliases, offerings, benchmark results, capabilities,
    fact sources (with the figures they vouch for, where the target's are unknown), FAQ,
    reports and pending changes move; the draft's slug becomes an alias of the target so
    the next import matches it. What would clash stays on the draft (reported) and the
    draft is deleted only when nothing is left on it.
    """
    if draft.pk == target.pk:
        raise ReviewError("a model cannot be merged into itself.")
    if draft.is_published and draft.review_status == ReviewStatus.ACCEPTED:
        raise ReviewError(f"{draft} is published: unpublish it before merging it away.")
    report = MergeReport()
    with transaction.atomic():
        _move(report, "aliases", list(draft.aliases.all()), model=target)
        identifier = draft.slug
        if not ModelAlias.objects.filter(identifier__iexact=identifier).exists() and (
            identifier != target.slug
        ):
            ModelAlias.objects.create(
                model=target, identifier=identifier, kind=ModelAlias.Kind.OTHER
            )
            report.count("aliases")
        _move(report, "offerings", list(draft.offerings.select_related("provider")), model=target)
        _merge_keyed(
            report,
            "benchmark results",
            list(draft.benchmark_results.select_related("benchmark")),
            {(r.benchmark_id, r.setting): r for r in target.benchmark_results.all()},
            key=lambda r: (r.benchmark_id, r.setting),
            same=lambda a, b: a.score == b.score,
            draft=draft,
            target=target,
        )
        _merge_keyed(
            report,
            "capabilities",
            list(draft.capability_statuses.select_related("capability")),
            {c.capability_id: c for c in target.capability_statuses.all()},
            key=lambda c: c.capability_id,
            same=lambda a, b: a.support == b.support,
            draft=draft,
            target=target,
        )
        _merge_facts(report, draft, target)
        _move(report, "FAQ entries", list(FaqEntry.objects.filter(model=draft)), model=target)
        _move(report, "reports", list(CorrectionReport.objects.filter(model=draft)), model=target)
        _move(report, "proposed changes", list(draft.proposed_changes.all()), model=target)
        LanguageModel.objects.filter(successor=draft).exclude(pk=target.pk).update(successor=target)
        # Routes and aliases moved by QuerySet.update, which sends no signal.
        routes_changed([draft.pk, target.pk])
        search_changed([draft.pk, target.pk])
        left = (
            draft.aliases.exists()
            or draft.offerings.exists()
            or draft.benchmark_results.exists()
            or draft.capability_statuses.exists()
            or draft.sources.exists()
            or draft.proposed_changes.exists()
        )
        if left:
            draft.is_published = False
            draft.save(update_fields=["is_published"])
        else:
            draft.delete()
            report.draft_deleted = True
    return report


def _merge_keyed(report, what, rows, existing, *, key, same, draft, target) -> None:
    """Move rows the target lacks; drop exact duplicates; report the rest as conflicts."""
    for row in rows:
        theirs = existing.get(key(row))
        if theirs is None:
            _move(report, what, [row], model=target)
            _carry_bookkeeping(row, draft, target)
        elif same(row, theirs):
            row.delete()
            report.count(f"identical {what} dropped")
        else:
            report.conflicts.append(f"{what}: draft has “{row}”, target has “{theirs}”")


def _carry_bookkeeping(row, draft: LanguageModel, target: LanguageModel) -> None:
    """Keep the import's record of a moved capability or score with the row."""
    if isinstance(row, ModelCapability):
        key = f"{CAPABILITY_PREFIX}{row.capability.slug}"
    elif isinstance(row, BenchmarkResult):
        key = f"benchmarks.{row.benchmark.slug}.{row.setting}"
    else:  # pragma: no cover - only the two kinds above are keyed
        return
    if carry(key, from_row=draft, to_row=target):
        target.save(update_fields=["imported_values"])


def _merge_facts(report: MergeReport, draft: LanguageModel, target: LanguageModel) -> None:
    """A fact source moves with the figures it vouches for, where the target's are unknown
    (or the same); a figure the target already knows differently is a conflict."""
    target_sources = {s.field for s in target.sources.all()}
    for source in list(draft.sources.all()):
        names = FIELDS_OF_FACT.get(source.field, ())
        if source.field == FactSource.Field.CAPABILITIES:
            names = ()
        mine = {n: getattr(draft, n) for n in names}
        theirs = {n: getattr(target, n) for n in names}
        differing = [n for n in names if theirs[n] not in (None, "", []) and theirs[n] != mine[n]]
        if differing:
            report.conflicts.append(
                f"{source.get_field_display()}: draft has "
                f"{', '.join(str(mine[n]) for n in differing)}, target has "
                f"{', '.join(str(theirs[n]) for n in differing)}"
            )
            continue
        if source.field in target_sources:
            if all(mine[n] == theirs[n] for n in names):
                source.delete()
                report.count("identical fact sources dropped")
                continue
            report.conflicts.append(f"{source.get_field_display()}: both have a source")
            continue
        for name in names:
            if mine[name] not in (None, "", []):
                setattr(target, name, mine[name])
                carry(name, from_row=draft, to_row=target)
        target.save()
        FactSource.objects.filter(pk=source.pk).update(model=target)
        report.count("fact sources")
