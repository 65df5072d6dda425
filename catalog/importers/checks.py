"""Sense checks on the facts an import would set on a model, before they land.

A fact that fails goes to review (a ProposedChange with the reason) instead of onto the
model. Each reason starts with its kind and a colon, so the report can count them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from catalog.models import LanguageModel

EARLIEST_RELEASE = dt.date(2015, 1, 1)  # no language model in the catalogue is older
# How much earlier than the date its own name carries a model may plausibly be released.
NAME_DATE_SLACK = dt.timedelta(days=45)
# "Codestral 25.08", "codestral-2508", "qwen3-235b-a22b-2507": a year (2023-2029) and month.
YYMM = re.compile(r"(?<![\d.])(2[3-9])[.]?(0[1-9]|1[0-2])(?![\d.]|-\d)")
YYYYMMDD = re.compile(r"(?<!\d)(20[2-3]\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(*names: str) -> dt.date | None:
    """The latest date a model's name or slug carries, if any."""
    found = []
    for name in names:
        if not name:
            continue
        for match in YYYYMMDD.finditer(name):
            try:
                found.append(dt.date(*map(int, match.groups())))
            except ValueError:
                continue
        for match in YYMM.finditer(YYYYMMDD.sub(" ", name)):
            found.append(dt.date(2000 + int(match[1]), int(match[2]), 1))
    return max(found, default=None)


def sense_problems(
    model: LanguageModel,
    values: dict[str, Any],
    support: dict[str, str],
    family_starts: dict[int, dt.date],
    source_date: dt.date | None,
) -> dict[str, str]:
    """Keys (field names or "capabilities.<slug>") whose new value fails a check -> why."""
    problems: dict[str, str] = {}

    def value(name: str) -> Any:
        new = values.get(name)
        return new if new not in (None, "", []) else getattr(model, name)

    context, output = value("context_window_tokens"), value("max_output_tokens")
    if context and output and output >= context:
        key = "max_output_tokens" if values.get("max_output_tokens") else "context_window_tokens"
        if values.get(key):
            problems[key] = (
                f"max output not below the context: max output {output:,} tokens, "
                f"context {context:,} tokens"
            )
    inputs = value("input_modalities") or []
    if inputs:
        if support.get("multimodal-input") == "yes" and set(inputs) <= {"text"}:
            problems["capabilities.multimodal-input"] = (
                "capability contradicts modalities: multimodal input, but the input "
                f"modalities are {', '.join(inputs)}"
            )
        if support.get("vision") == "yes" and "image" not in inputs:
            problems["capabilities.vision"] = (
                "capability contradicts modalities: vision, but the input modalities are "
                f"{', '.join(inputs)}"
            )
    release = values.get("release_date")
    if release:
        why = release_problem(model, values, release, family_starts, source_date)
        if why:
            problems["release_date"] = why
    cutoff = values.get("knowledge_cutoff")
    released = value("release_date")
    if cutoff and released and cutoff[:7] > released.isoformat()[:7]:
        problems["knowledge_cutoff"] = (
            f"implausible date: knowledge cutoff {cutoff} after the release {released}"
        )
    return problems


def release_problem(
    model: LanguageModel,
    values: dict[str, Any],
    release: dt.date,
    family_starts: dict[int, dt.date],
    source_date: dt.date | None,
) -> str:
    if release < EARLIEST_RELEASE:
        return f"implausible date: released {release}, before {EARLIEST_RELEASE.year}"
    if source_date and release > source_date:
        return f"implausible date: released {release}, after the source's date {source_date}"
    named = date_in_name(values.get("name") or model.name, model.slug)
    if named and release < named - NAME_DATE_SLACK:
        return f"implausible date: released {release}, but the model's name carries {named:%Y-%m}"
    start = family_starts.get(model.family_id) if model.family_id else None
    if start and release < start:
        return f"implausible date: released {release}, before its family's first model ({start})"
    return ""
