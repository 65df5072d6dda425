"""Model search: PostgreSQL full text plus trigram similarity, in one query.

Names, slugs and API identifiers spell the same model many ways ("Claude Haiku 4.5",
"claude-haiku-4-5", "claude-haiku-4-5-20251001", "Qwen3.5-4B"), so the query and every
searched text are normalised the same way before they meet: lower case, accents removed,
punctuation turned into spaces, and letters split from digits ("qwen3.5-4b" -> "qwen 3 5 4 b").

A model matches when every word of the query is in its search document (the last word may be
a prefix, for typing as you go), when its name is close to the query (trigram word
similarity, for typos like "sonet"), or when the query is one of its identifiers. Matches are
ranked: identifier equal to the query, then the query as a phrase in the name or slug, then
full-text rank plus name similarity.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db.models import (
    Case,
    Exists,
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


def search_models(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the models matching ``query``, best match first."""
    from catalog.models import ModelAlias, Offering

    terms = query_terms(query)
    if not terms:
        return queryset
    phrase = " ".join(terms)
    aliases = ModelAlias.objects.all()
    routes = Offering.objects.live()
    queryset = queryset.annotate(
        search_name=normalised_sql(F("name")),
        search_slug=normalised_sql(F("slug")),
        search_aliases=normalised_sql(_identifiers("model", aliases, "identifier")),
        search_routes=normalised_sql(_identifiers("model", routes, "provider_model_id")),
        search_kin=normalised_sql(
            Concat(F("family__name"), Value(" "), F("lab__name"), output_field=TextField())
        ),
    )
    vector = (
        SearchVector("search_name", config="simple", weight="A")
        + SearchVector("search_slug", config="simple", weight="A")
        + SearchVector("search_aliases", config="simple", weight="A")
        + SearchVector("search_kin", config="simple", weight="B")
        + SearchVector("search_routes", config="simple", weight="C")
    )
    # Terms are [a-z0-9]+ only, so the raw tsquery cannot be malformed.
    tsquery = SearchQuery(
        " & ".join([*terms[:-1], f"{terms[-1]}:*"]), config="simple", search_type="raw"
    )
    padded = f" {phrase} "
    identifier_equal = Exists(
        ModelAlias.objects.filter(model=OuterRef("pk"))
        .annotate(key=normalised_sql(F("identifier")))
        .filter(key=phrase)
    ) | Exists(
        routes.filter(model=OuterRef("pk"))
        .annotate(key=normalised_sql(F("provider_model_id")))
        .filter(key=phrase)
    )
    queryset = queryset.annotate(
        search_vector=vector,
        search_similarity=TrigramWordSimilarity(Value(phrase), "search_name"),
        search_identifier=identifier_equal,
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
            Case(When(search_identifier=True, then=Value(10.0)), default=Value(0.0))
            + Case(When(search_padded__contains=padded, then=Value(5.0)), default=Value(0.0))
            + SearchRank("search_vector", tsquery)
            + F("search_similarity"),
            output_field=FloatField(),
        )
    )
    matches = Q(search_vector=tsquery) | Q(search_identifier=True)
    if (threshold := similarity_threshold(terms)) is not None:
        matches |= Q(search_similarity__gte=threshold)
    return queryset.filter(matches).order_by("-search_score", "-release_date", "name")
