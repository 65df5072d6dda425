"""Reads for the comparison pages: each a fixed number of queries, whatever the catalogue."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django.db.models import CharField, F, IntegerField, Q, QuerySet
from django.db.models.functions import Abs, Lower
from django.http import QueryDict

from catalog.compiled import Given, any_given, run
from catalog.models import LanguageModel
from comparisons.models import (
    MAX_MODELS,
    MIN_MODELS,
    SEPARATOR,
    ComparisonVisit,
    CuratedComparison,
    canonical_key,
)
from comparisons.snapshots import ModelSnapshot

TOO_FEW_OR_MANY = "Pick two to four different models."
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ComparisonRequestError(ValueError):
    """What a visitor asked to compare cannot be compared (the message says why)."""


DATALIST_SIZE = 300  # models offered as you type; any other is found on submit
CANDIDATES_SHOWN = 5


def picker_models() -> list[LanguageModel]:
    """The models the picker suggests as you type: most live provider routes first (the
    routes their pages list: ``offering_count`` of ``with_cheapest_route``), then newest."""
    return list(
        LanguageModel.objects.published()
        .with_cheapest_route()
        .select_related("lab")
        .only("slug", "name", "lab__name")
        .order_by("-offering_count", F("release_date").desc(nulls_last=True), "name")[
            :DATALIST_SIZE
        ]
    )


@dataclass(frozen=True)
class Pick:
    """What a visitor typed in one model field, and the model it names (or why none)."""

    text: str
    model: LanguageModel | None = None
    problem: str = ""
    # Models the text might mean, each with the picker query that picks it instead.
    candidates: tuple[tuple[LanguageModel, str], ...] = ()


def _instead(texts: list[str], index: int, slug: str) -> str:
    """The picker's query string with the ``index``-th text replaced by ``slug``."""
    query = QueryDict(mutable=True)
    query.setlist("models", [slug if i == index else text for i, text in enumerate(texts)])
    return query.urlencode()


def parse_model_texts(values: list[str]) -> list[str]:
    """The non-empty model fields, from repeated ``models`` and/or ``?models=a,b``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def pick_models(texts: list[str]) -> list[Pick]:
    """Each text matched to one published model by slug, name or search (1 + 1 per search).

    A slug or name equal to the text (any case) wins; otherwise the site's model search must
    find exactly one model, else the pick names the problem and the closest candidates.
    """
    published = LanguageModel.objects.published().select_related("lab")
    keys = {text.lower() for text in texts}
    exact = {}
    for model in published.annotate(lower_name=Lower("name")).filter(
        Q(slug__in=keys) | Q(lower_name__in=keys)
    ):
        exact.setdefault(model.slug, model)
        exact.setdefault(model.lower_name, model)
    picks = []
    for index, text in enumerate(texts):
        if model := exact.get(text.lower()):
            picks.append(Pick(text, model))
            continue
        found = tuple(published.search(text)[: CANDIDATES_SHOWN + 1])
        if len(found) == 1:
            picks.append(Pick(text, found[0]))
        elif found:
            picks.append(
                Pick(
                    text,
                    problem=f"“{text}” matches several models; type more of the name.",
                    candidates=tuple(
                        (other, _instead(texts, index, other.slug))
                        for other in found[:CANDIDATES_SHOWN]
                    ),
                )
            )
        else:
            picks.append(Pick(text, problem=f"No model in the catalogue matches “{text}”."))
    return picks


def validate_slugs(slugs: list[str]) -> list[str]:
    """The canonical (alphabetical) list, or ComparisonRequestError."""
    if len(set(slugs)) != len(slugs):
        raise ComparisonRequestError("A model cannot be compared with itself.")
    if not MIN_MODELS <= len(slugs) <= MAX_MODELS:
        raise ComparisonRequestError(TOO_FEW_OR_MANY)
    if not all(SLUG.match(slug) for slug in slugs):
        raise ComparisonRequestError("That is not a model of the catalogue.")
    return sorted(slugs)


def split_key(key: str) -> list[str]:
    return key.split(SEPARATOR)


@dataclass(frozen=True)
class ComparisonLink:
    key: str
    title: str

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("comparisons:compare", args=[self.key])


def _links(pairs: list[tuple]) -> list[ComparisonLink]:
    """Links for pairs of models (anything with a slug and a name), each pair once."""
    links, seen = [], set()
    for first, second in pairs:
        key = canonical_key([first.slug, second.slug])
        if key in seen:
            continue
        seen.add(key)
        ordered = sorted([first, second], key=lambda m: m.slug)
        links.append(ComparisonLink(key, " vs ".join(m.name for m in ordered)))
    return links


def related_comparisons(models: list[ModelSnapshot], limit: int = 8) -> list[ComparisonLink]:
    """Comparisons to continue with: same family, same lab, similar context window (2 queries
    of plain rows: slug and name, and the family and lab they were found by; each compiled
    once per process)."""
    families = {m.family_slug for m in models if m.family_slug}
    labs = {m.lab_slug for m in models}
    shown = [m.slug for m in models]
    kin = [
        SimpleNamespace(**row)
        for row in run(_kin_sql(limit * 2), shown=shown, families=list(families), labs=list(labs))
    ]

    def anchor(other) -> ModelSnapshot:
        return next(
            (m for m in models if m.family_slug and m.family_slug == other.family_key),
            next((m for m in models if m.lab_slug == other.lab_key), models[0]),
        )

    kin = sorted(kin, key=lambda other: other.family_key not in families)  # family first
    pairs = [(anchor(other), other) for other in kin]
    first = models[0]
    if context := first.context_window_tokens:
        pairs[limit // 2 :] = [(first, other) for other in similar_context(shown, context)] + pairs[
            limit // 2 :
        ]
    return _links(pairs)[:limit]


def _others() -> QuerySet:
    """The published models but the ``shown`` ones given."""
    return LanguageModel.objects.published().exclude(any_given("slug", "shown", CharField))


@cache
def _kin_sql(limit: int) -> tuple[str, tuple]:
    """The newest ``limit`` other models of the ``families`` or ``labs`` given."""
    kin = Q(any_given("family__slug", "families", CharField)) | Q(
        any_given("lab__slug", "labs", CharField)
    )
    return (
        _others()
        .filter(kin)
        .annotate(family_key=F("family__slug"), lab_key=F("lab__slug"))
        .order_by("-release_date", "name")
        .values("slug", "name", "family_key", "lab_key")[:limit]
        .query.sql_with_params()
    )


def similar_context(shown: list[str], context: int, limit: int = 4) -> list[SimpleNamespace]:
    """The ``limit`` published models but ``shown`` whose context window is nearest
    ``context`` (ties by name), as rows of slug, name and distance: the nearest at or above it
    and the nearest below it, each read off the context index (languagemodel_top_context),
    not every model's distance."""
    rows = run(_similar_context_sql(limit), shown=shown, context=context)
    return [SimpleNamespace(**row) for row in rows]


@cache
def _similar_context_sql(limit: int) -> tuple[str, tuple]:
    context = Given("context", IntegerField())
    near = _others().annotate(distance=Abs(F("context_window_tokens") - context))
    wider = near.filter(context_window_tokens__gte=context).order_by(
        "context_window_tokens", "name"
    )
    narrower = near.filter(context_window_tokens__lt=context).order_by(
        "-context_window_tokens", "name"
    )
    columns = ("slug", "name", "distance")
    return (
        wider.values(*columns)[:limit]
        .union(narrower.values(*columns)[:limit], all=True)
        .order_by("distance", "name")[:limit]
        .query.sql_with_params()
    )


@dataclass(frozen=True)
class Curated:
    """What an editor added to a comparison's page (``CuratedComparison``): its intro,
    verdict, review date and FAQ entries (question and Markdown answer, in their order)."""

    intro: str
    verdict: str
    last_reviewed_on: dt.date | None
    faq_entries: tuple[SimpleNamespace, ...]


def curated_for(key: str) -> Curated | None:
    """The curated comparison of ``key`` with its FAQ entries (one query, compiled once per
    process), or None when nobody curated it."""
    rows = run(_curated_sql(), key=key)
    if not rows:
        return None
    first = rows[0]
    return Curated(
        intro=first["intro"],
        verdict=first["verdict"],
        last_reviewed_on=first["last_reviewed_on"],
        faq_entries=tuple(
            SimpleNamespace(question=row["question"], answer=row["answer"])
            for row in rows
            if row["question"] is not None
        ),
    )


@cache
def _curated_sql() -> tuple[str, tuple]:
    return (
        CuratedComparison.objects.filter(key=Given("key", CharField()))
        .order_by("faq_entries__position", "faq_entries__question")
        .values(
            "intro",
            "verdict",
            "last_reviewed_on",
            question=F("faq_entries__question"),
            answer=F("faq_entries__answer"),
        )
        .query.sql_with_params()
    )


def featured_comparisons() -> list[ComparisonLink]:
    comparisons = CuratedComparison.objects.featured().prefetch_related("language_models")
    links = []
    for comparison in comparisons:
        models = sorted(comparison.language_models.all(), key=lambda m: m.slug)
        if len(models) >= MIN_MODELS and all(m.is_published for m in models):
            links.append(ComparisonLink(comparison.key, " vs ".join(m.name for m in models)))
    return links


def popular_comparisons(limit: int = 8) -> list[ComparisonLink]:
    visits = list(ComparisonVisit.objects.order_by("-count", "key")[: limit * 3])
    slugs = {slug for visit in visits for slug in split_key(visit.key)}
    names = dict(
        LanguageModel.objects.published().filter(slug__in=slugs).values_list("slug", "name")
    )
    links = []
    for visit in visits:
        parts = split_key(visit.key)
        if all(slug in names for slug in parts):
            links.append(ComparisonLink(visit.key, " vs ".join(names[s] for s in parts)))
    return links[:limit]
