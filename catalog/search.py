"""Model search: PostgreSQL full text plus trigram similarity, in one query.

Names, slugs and API identifiers spell the same model many ways ("Claude Haiku 4.5",
"claude-haiku-4-5", "claude-haiku-4-5-20251001", "Qwen3.5-4B"), so the query and every
searched text are normalised the same way before they meet: lower case, accents removed,
punctuation turned into spaces, and letters split from digits ("qwen3.5-4b" -> "qwen 3 5 4 b").

A model matches when every word of the query is in its search document (the last word may be
a prefix, for typing as you go), or when its name is close to the query (trigram word
similarity, for typos like "sonet"). Matches are ranked: identifier equal to the query, then
the query as a phrase in the name or slug, then full-text rank plus name similarity.

The document, the normalised name and slug and the normalised identifiers are stored on
each model (``search_document``, a tsvector with a GIN index; ``search_name`` with a trigram
GIN index; ``search_slug``; ``search_keys``), so matching uses indexes and ranking reads
only the matches' own row. :func:`refresh_search_index` rewrites them in one SQL statement:
once a transaction commits, for the models it saved (or whose alias, route, lab or family it
saved: signals note them, ``catalog.version`` refreshes them just before bumping the
version); before a search in a transaction that has not committed yet; and for every model
after bulk writes (``catalog.version.bump_catalogue_version``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Lower

MAX_QUERY_LENGTH = 100
MAX_TERMS = 12
# Below this trigram word similarity a name is no match for a one-word query with a typo;
# several words need more (else "claude haiku" would bring every "claude ..."); and queries
# of three characters or fewer ("o3") are too short for trigrams to mean anything.
SIMILARITY_THRESHOLD = 0.5
SIMILARITY_THRESHOLD_SEVERAL_WORDS = 0.6
MIN_SIMILARITY_LENGTH = 4


def similarity_threshold(terms: list[str]) -> float | None:
    if len("".join(terms)) < MIN_SIMILARITY_LENGTH:
        return None
    return SIMILARITY_THRESHOLD if len(terms) == 1 else SIMILARITY_THRESHOLD_SEVERAL_WORDS


def normalise(text: str) -> str:
    """The Python twin of :func:`normalised_sql`: "Qwen3.5-4B" -> "qwen 3 5 4 b"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"([a-z])([0-9])", r"\1 \2", text)
    text = re.sub(r"([0-9])([a-z])", r"\1 \2", text)
    return " ".join(text.split())


def query_terms(query: str) -> list[str]:
    return normalise(query[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


class RegexpReplace(Func):
    function = "REGEXP_REPLACE"
    output_field = TextField()

    def __init__(self, expression, pattern: str, replacement: str, **extra):
        super().__init__(expression, Value(pattern), Value(replacement), Value("g"), **extra)


class Trim(Func):
    function = "BTRIM"
    output_field = TextField()


def normalised_sql(expression):
    """SQL for :func:`normalise` (lower, unaccent, punctuation to spaces, split a1 -> a 1)."""
    text = Lower(Unaccent(Coalesce(expression, Value(""), output_field=TextField())))
    text = RegexpReplace(text, r"[^a-z0-9]+", " ")
    text = RegexpReplace(text, r"([a-z])([0-9])", r"\1 \2")
    text = RegexpReplace(text, r"([0-9])([a-z])", r"\1 \2")
    return Trim(text)


def _identifiers(model_field: str, queryset: QuerySet, field: str) -> Subquery:
    """All ``field`` values of ``queryset`` rows of the outer model, joined by spaces."""
    joined = (
        queryset.filter(**{model_field: OuterRef("pk")})
        .order_by()
        .values(model_field)
        .annotate(joined=StringAgg(field, Value(" ")))
        .values("joined")
    )
    return Subquery(joined)


def _normalised_keys(queryset: QuerySet, field: str) -> ArraySubquery:
    """Every ``field`` of ``queryset`` rows of the outer model, normalised, as an array."""
    keys = queryset.filter(model=OuterRef("pk")).order_by().annotate(key=normalised_sql(F(field)))
    return ArraySubquery(keys.values("key"))


def _name_of(model, field: str = "name") -> Subquery:
    return Subquery(model.objects.filter(pk=OuterRef(field)).values("name")[:1])


def search_columns() -> dict:
    """The stored search columns of a model row, as SQL (for ``QuerySet.update``)."""
    from catalog.models import Lab, ModelAlias, ModelFamily, Offering

    kin = Concat(
        Coalesce(_name_of(ModelFamily, "family_id"), Value("")),
        Value(" "),
        Coalesce(_name_of(Lab, "lab_id"), Value("")),
        output_field=TextField(),
    )
    aliases = _identifiers("model", ModelAlias.objects.all(), "identifier")
    routes = _identifiers("model", Offering.objects.live(), "provider_model_id")
    return {
        "search_name": normalised_sql(F("name")),
        "search_slug": normalised_sql(F("slug")),
        "search_keys": Func(
            _normalised_keys(ModelAlias.objects.all(), "identifier"),
            _normalised_keys(Offering.objects.live(), "provider_model_id"),
            function="array_cat",
            output_field=ArrayField(TextField()),
        ),
        "search_document": (
            SearchVector(normalised_sql(F("name")), config="simple", weight="A")
            + SearchVector(normalised_sql(F("slug")), config="simple", weight="A")
            + SearchVector(normalised_sql(aliases), config="simple", weight="A")
            + SearchVector(normalised_sql(kin), config="simple", weight="B")
            + SearchVector(normalised_sql(routes), config="simple", weight="C")
        ),
    }


@cache
def _refresh_sql() -> tuple[str, tuple]:
    """UPDATE ... FROM (the columns computed by ``search_columns``), built once per process:
    compiling those expressions costs more than running them for one model."""
    from catalog.models import LanguageModel

    quote = connection.ops.quote_name
    columns = search_columns()
    fresh = (
        LanguageModel.objects.order_by()
        .annotate(fresh_id=F("pk"), **{f"fresh_{name}": value for name, value in columns.items()})
        .values("fresh_id", *(f"fresh_{name}" for name in columns))
    )
    select, params = fresh.query.sql_with_params()
    table = quote(LanguageModel._meta.db_table)
    assignments = ", ".join(f"{quote(name)} = fresh.fresh_{name}" for name in columns)
    where = f"{table}.id = fresh.fresh_id"
    return f"UPDATE {table} SET {assignments} FROM ({select}) AS fresh WHERE {where}", params


def refresh_search_index(model_ids: Iterable[int] | None = None) -> None:
    """Rewrite the stored search columns of the models ``model_ids`` (default: every model)."""
    from catalog.models import LanguageModel

    sql, params = _refresh_sql()
    if model_ids is not None:
        table = connection.ops.quote_name(LanguageModel._meta.db_table)
        sql, params = f"{sql} AND {table}.id = ANY(%s)", (*params, list(model_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refresh_on_write(sender, instance, raw: bool = False, **kwargs) -> None:
    """Receiver of post_save and post_delete: note the models a write touched."""
    from catalog.models import Lab, LanguageModel, ModelAlias, ModelFamily, Offering
    from catalog.version import search_changed

    if raw:
        return
    if sender is LanguageModel:
        search_changed([instance.pk])
    elif sender in (ModelAlias, Offering):
        search_changed([instance.model_id])
    elif sender in (Lab, ModelFamily):
        kin = {"lab": instance} if sender is Lab else {"family": instance}
        search_changed(LanguageModel.objects.filter(**kin).values_list("pk", flat=True))


def search_models(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the models matching ``query``, best match first."""
    from catalog.version import refresh_pending_search

    terms = query_terms(query)
    if not terms:
        return queryset
    refresh_pending_search()  # this transaction's own writes, not yet refreshed
    phrase = " ".join(terms)
    # Terms are [a-z0-9]+ only, so the raw tsquery cannot be malformed.
    tsquery = SearchQuery(
        " & ".join([*terms[:-1], f"{terms[-1]}:*"]), config="simple", search_type="raw"
    )
    padded = f" {phrase} "
    queryset = queryset.annotate(
        search_similarity=TrigramWordSimilarity(Value(phrase), "search_name"),
        search_padded=Concat(
            Value(" "),
            "search_name",
            Value(" | "),
            "search_slug",
            Value(" "),
            output_field=TextField(),
        ),
    ).annotate(
        search_score=ExpressionWrapper(
            Case(When(search_keys__contains=[phrase], then=Value(10.0)), default=Value(0.0))
            + Case(When(search_padded__contains=padded, then=Value(5.0)), default=Value(0.0))
            + SearchRank(F("search_document"), tsquery)
            + F("search_similarity"),
            output_field=FloatField(),
        )
    )
    # Both branches use an index: GIN on the document, trigram GIN on the name (the %>
    # operator's threshold is the connection's pg_trgm.word_similarity_threshold, set to
    # SIMILARITY_THRESHOLD in settings; the exact threshold is checked on its matches).
    matches = Q(search_document=tsquery)
    if (threshold := similarity_threshold(terms)) is not None:
        matches |= Q(search_name__trigram_word_similar=phrase, search_similarity__gte=threshold)
    return queryset.filter(matches).order_by("-search_score", "-release_date", "name")
