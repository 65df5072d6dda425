"""Proposed changes an import makes for review: how one names its target and holds its values
(JSON, foreign keys as slugs), and how an import makes or revises it (one pending per key)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from catalog.importers.bookkeeping import canonical
from catalog.importers.report import shown
from catalog.models import LanguageModel, Offering, ProposedChange, Provider


def json_value(obj: models.Model, name: str, value: Any) -> Any:
    """A value as a ProposedChange holds it: JSON, a foreign key as the related slug."""
    if isinstance(value, models.Model):
        return getattr(value, "slug", value.pk)
    try:
        model_field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return canonical(value)
    if model_field.many_to_one and value is not None:
        related = model_field.related_model.objects.filter(pk=value)
        return related.values_list("slug", flat=True).first()
    return canonical(value)


def json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def proposal_target(obj: models.Model, key: str):
    """(model, offering, provider, field) of a ProposedChange about ``obj``'s ``key``."""
    if isinstance(obj, LanguageModel):
        return obj, None, None, key
    if isinstance(obj, Offering):
        return None, obj, None, key
    if isinstance(obj, Provider):
        return None, None, obj, key
    return None


class Proposing:
    """Part of CatalogueImporter: reads its ``pending`` and ``rejected`` proposals (see
    known.py), ``source_url``, ``source_date``, ``note()``, ``plan`` and ``report``."""

    def hold(self, obj, key, current, new, reason: str, source: str) -> None:
        """A value that failed a sense check goes to review with the reason."""
        self.report.notes[f"held for review: {reason.split(':')[0]}"] += 1
        self.propose(obj, key, current, new, reason, source)

    def propose(self, obj, key: str, current: Any, new: Any, reason: str, source: str) -> None:
        """A ProposedChange for an editor to accept or reject (one pending per key)."""
        target = proposal_target(obj, key)
        if target is None:
            return
        model, offering, provider, field_name = target
        field_name = field_name[:120]  # the column's size; keys past it still meet
        ids = target_ids(model, offering, provider, field_name)
        new_value, old_value = (
            json_value(obj, field_name, new),
            json_value(obj, field_name, current),
        )
        if (*ids, json_key(new_value)) in self.rejected:
            self.report.notes["proposals rejected before: not made again"] += 1
            return
        label = f"{obj}: {field_name} {shown(old_value)} -> {shown(new_value)} ({reason})"
        existing = self.pending.get(ids)
        if existing is None:
            self.pending[ids] = self.new_proposal(
                source,
                model=model,
                offering=offering,
                provider=provider,
                field=field_name,
                old_value=old_value,
                new_value=new_value,
                reason=reason[:300],
            )
            self.report.proposed.append(f"? {label}")
        elif existing.new_value == new_value:
            self.report.unchanged["proposed change"] += 1
        else:
            self.revise(existing, new_value, old_value, reason, source)
            self.report.proposed.append(f"~ {label}")

    def new_proposal(self, source: str, **fields) -> ProposedChange:
        """A new pending proposal, dated by the source it comes from."""
        change = ProposedChange(
            **fields,
            source=self.note(source),
            source_url=self.source_url[:500],
            source_date=self.source_date,
        )
        self.plan.create(change)
        self.report.created["proposed change"] += 1
        return change

    def revise(self, change: ProposedChange, new_value, old_value, reason: str, source: str):
        """A pending proposal the source now words differently: it says the new value."""
        change.new_value, change.old_value, change.reason = new_value, old_value, reason
        change.source, change.source_date = self.note(source), self.source_date
        self.plan.update(change, ["new_value", "old_value", "reason", "source", "source_date"])
        self.report.updated["proposed change"] += 1


def target_ids(model, offering, provider, field_name: str) -> tuple:
    """The key of a proposal about this target (as known.py reads pending ones): the rows'
    ids, or the objects' identities for rows this plan creates."""
    ids = (
        model.pk if model else None,
        offering.pk if offering else None,
        provider.pk if provider else None,
    )
    if all(part is None for part in ids):
        ids = (id(model), id(offering), id(provider))  # a row of this plan
    return (*ids, field_name)
