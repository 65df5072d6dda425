"""The editor rule applied to one row of an import: which of the source's values land, which
are kept (and reported), and which go to review. The rule itself is ``bookkeeping.decide``."""

from __future__ import annotations

from typing import Any

from django.db import models

from catalog.importers.bookkeeping import MISSING, Bookkeeping, canonical, is_pending
from catalog.importers.report import shown
from catalog.models import LanguageModel

# Decisions that leave the row as it is and need no word in the report.
QUIET = ("same", "adopt", "ignore")
# Decisions a failed sense check turns into a proposal with its reason.
HELD = ("set", "unknown", "edited", "outranked")
REASONS = {
    "edited": "an editor changed it",
    "outranked": "another source set it",
    "unknown": "it fills an unknown on a reviewed row",
}


class RowMerging:
    """Part of CatalogueImporter: reads its ``source``, ``source_name``, ``now``, ``plan``
    and ``report``, and sends what is not landed to its ``propose`` / ``hold``."""

    def merge(
        self,
        obj: models.Model,
        values: dict[str, Any],
        *,
        kind: str,
        label: str,
        source: str,
        held: dict[str, str] | None = None,
    ) -> list[str]:
        """Create ``obj`` or apply ``values`` to it by the editor rule; return changed fields.

        ``held`` maps fields whose new value failed a sense check to the reason: they go to
        review instead of landing.
        """
        held = held or {}
        if obj.pk is None and not getattr(obj, "_planned", False):
            return self.merge_new(obj, values, kind=kind, label=label, source=source, held=held)
        keeper = Bookkeeping(obj, self.source)
        changed, diffs = self.apply_values(
            obj, keeper, values, label=f"{kind} {label}", source=source, held=held
        )
        if changed:
            self.stamp(obj, source)
            self.report.updated[kind] += 1
            self.report.changes.append(f"~ updated {kind} {label}: " + "; ".join(diffs))
        else:
            self.report.unchanged[kind] += 1
        if keeper.save_to_row() or changed:
            self.plan.update(obj, [*changed, "imported_values", "import_source", "imported_at"])
        return changed

    def merge_new(
        self, obj: models.Model, values: dict[str, Any], *, kind, label, source, held
    ) -> list[str]:
        """A row the catalogue does not hold yet: every known value lands but the held ones."""
        keeper = Bookkeeping(obj, self.source)
        for name, value in values.items():
            if value is None:
                continue
            if name in held:
                self.hold(obj, name, None, value, held[name], source)
                continue
            setattr(obj, name, value)
            keeper.remember(name, value)
        keeper.save_to_row()
        self.stamp(obj, source)
        obj._planned = True
        self.plan.create(obj)
        self.report.created[kind] += 1
        self.report.changes.append(f"+ created {kind} {label} (from {source})")
        return [name for name, value in values.items() if value is not None]

    def apply_values(
        self, obj: models.Model, keeper: Bookkeeping, values: dict[str, Any], *, label, source, held
    ) -> tuple[list[str], list[str]]:
        """Decide each value of a catalogued row: (fields set, "field old -> new" for each)."""
        changed: list[str] = []
        diffs: list[str] = []
        for name, value in values.items():
            current = getattr(obj, obj._meta.get_field(name).attname)
            before = keeper.snapshot(name)
            decision = self.decide(obj, keeper, name, current, value)
            if name in held and decision in HELD:
                keeper.restore(name, before)
                self.hold(obj, name, current, value, held[name], source)
            elif decision == "set":
                setattr(obj, name, value)
                changed.append(name)
                diffs.append(f"{name} {shown(canonical(current))} -> {shown(canonical(value))}")
            else:
                self.keep(obj, keeper, decision, name, current, value, label=label, source=source)
        return changed, diffs

    def stamp(self, obj: models.Model, source: str) -> None:
        """Which source last changed the row, and when."""
        obj.import_source = source[:200]
        obj.imported_at = self.now

    def decide(self, obj, keeper: Bookkeeping, key: str, current: Any, new: Any) -> str:
        """The editor rule, plus: an import fills an unknown directly only on a row that no
        editor has reviewed yet (a pending one); elsewhere filling it is a proposal."""
        before = keeper.snapshot(key)
        decision = keeper.decide(key, current, new)
        if decision == "set" and before[0] is MISSING and not is_pending(obj):
            keeper.restore(key, before)
            return "unknown"
        return decision

    def keep(self, obj, keeper, decision, key, current, new, *, label, source) -> None:
        """Report a value kept; what an editor has not decided goes to review."""
        if decision in QUIET:
            return
        if decision == "locked":
            self.report.kept.append(
                f"{label}: {key}: locked: {shown(canonical(current))} "
                f"({self.source_name} says {shown(canonical(new))})"
            )
            return
        self.propose(obj, key, current, new, REASONS[decision], source)

    def remember_key(self, model: LanguageModel, key: str, value: Any) -> None:
        """A figure kept outside the model's fields (a capability, a benchmark score) that
        this import creates: the model's bookkeeping remembers it under ``key``."""
        keeper = Bookkeeping(model, self.source)
        keeper.remember(key, value)
        if keeper.save_to_row():
            self.plan.update(model, ["imported_values"])

    def merge_key(self, model: LanguageModel, key: str, current: Any, new: Any, *, source: str):
        """The editor rule for a figure kept outside the model's own fields (a capability, a
        benchmark score); the model's bookkeeping remembers it under ``key``."""
        keeper = Bookkeeping(model, self.source)
        decision = self.decide(model, keeper, key, current, new)
        if keeper.save_to_row():
            self.plan.update(model, ["imported_values"])
        if decision not in ("set", *QUIET):
            self.keep(
                model,
                keeper,
                decision,
                key,
                current,
                new,
                label=f"language model {model.slug}",
                source=source,
            )
        return decision
