"""How a proposed change names its target and holds its values (JSON, foreign keys as slugs)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from catalog.importers.bookkeeping import canonical
from catalog.models import LanguageModel, Offering, Provider


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
