"""A model's profile page, computed: the view loads the model (``profile_model``),
``build_profile`` shapes the rest and ``profile_body`` renders it with Jinja2.

Every section is a small structure the template only renders. Each read is one query whatever
the catalogue's size (no per-row queries): the model comes with its own rows (sources, API
ids, FAQ entries), its routes with their price records, benchmark places are counted in the
results' query, the family, the capabilities and the comparison candidates are one query
each. Every query is compiled once per process (``catalog.compiled``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from typing import NamedTuple

from django.contrib.humanize.templatetags.humanize import ordinal
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Expression,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Abs, Cast, JSONObject
from django.template.defaultfilters import capfirst
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from catalog.compiled import Given, run, run_rows
from catalog.corrections import fact_checked_on, figure_report_link, report_url
from catalog.faq import FaqItem, editorial_faq
from catalog.formatting import format_price as usd
from catalog.formatting import format_tokens
from catalog.leaderboards import results_with_places
from catalog.links import url_maker
from catalog.markdown import render_markdown
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    FactSource,
    FaqEntry,
    Imported,
    Lab,
    LanguageModel,
    License,
    ModelAlias,
    ModelCapability,
    ModelFamily,
    Offering,
    PriceRecord,
    Provider,
    lifecycle_is_retired,
    stale_before,
)
from catalog.price_history import last_price_change
from catalog.route_summary import CHEAPEST_COLUMNS, LISTED_COLUMNS, summary_columns
from catalog.routes import rank_routes
from catalog.templatetags.figures import (
    all_prices,
    day,
    figure,
    freshness_html,
    listed_price,
    parameters,
    provenance,
    route_kind,
    score,
    tokens,
)
from catalog.templatetags.figures import usd as usd_figure

COMPARISON_SEPARATOR = "-vs-"  # comparisons.models.canonical_key: slugs sorted, joined by -vs-
KEY_CAPABILITIES = 4


# Reading ----------------------------------------------------------------------------------
# Each of the profile's queries is compiled once per process (``catalog.compiled``), the
# model's key and today's date left as parameters, and its rows are made into instances
# with ``from_db``, as Django would.


MODEL_KEY = Given("model", IntegerField())


# The importers' bookkeeping (``Imported``): only editors' pages read it.
BOOKKEEPING = {field.attname for field in Imported._meta.fields}


def _columns(model: type[Model], *leave_out: str) -> tuple[str, ...]:
    """What the profile reads of a ``model`` row: its fields in their order, but the
    importers' bookkeeping and ``leave_out``."""
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in BOOKKEEPING and field.attname not in leave_out
    )


def _from_row[M: Model](model: type[M], columns: tuple[str, ...], values) -> M:
    return model.from_db(DEFAULT_DB_ALIAS, columns, values)


def _related(prefix: str, model: type[Model], columns: tuple[str, ...]) -> list[str]:
    """``columns`` of ``model``, related as ``prefix``: how the reading query names them."""
    names = {field.attname: field.name for field in model._meta.concrete_fields}
    return [f"{prefix}__{names[column]}" for column in columns]


def _json_rows(rows: QuerySet, columns: tuple[str, ...]) -> ArraySubquery:
    """``rows`` (related to the outer row by an OuterRef), in their model's order, as an
    array of JSON objects of ``columns``: read in the outer row's query."""
    ordered = rows.order_by(*rows.model._meta.ordering)
    return ArraySubquery(ordered.values(row=_json_object(columns)))


def _json_object(columns: tuple[str, ...]) -> JSONObject:
    return JSONObject(**{column: column for column in columns})


def _from_json(model: type[Model], columns: tuple[str, ...], texts: list[str]) -> list[dict]:
    """The ``columns`` of each of ``_json_rows``' objects, as the model's fields read them
    from the database (a date from its text; a decimal exactly)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    rows = []
    for text in texts:
        data = json.loads(text, parse_float=Decimal)
        rows.append({column: fields[column].to_python(data[column]) for column in columns})
    return rows


# The model's own rows of each kind its page lists, read in its own query: the annotation
# each is read as, and which of them the page shows.
OWN_ROWS = {
    FactSource: ("own_sources", {}),
    ModelAlias: ("own_aliases", {}),
    FaqEntry: ("own_faq_entries", {"is_published": True}),
}


def own_rows[M: Model](kind: type[M], model: LanguageModel) -> list[M]:
    """The ``kind`` rows (a FactSource, ModelAlias or FaqEntry) of ``model`` that its page
    shows, in their order (read by ``profile_model``)."""
    columns = _columns(kind)
    name, _ = OWN_ROWS[kind]
    return [
        _from_row(kind, columns, [row[column] for column in columns])
        for row in _from_json(kind, columns, getattr(model, name))
    ]


def summaries_hold() -> bool:
    """Whether ``with_cheapest_route()`` reads every model's stored route summary today (a
    plain column, so a query over it may be compiled once per process), or computes the
    ones past their date (the SQL then holds today's date)."""
    (price,) = summary_columns(["blended_usd_per_mtok"]).values()
    return isinstance(price, F)


# What the profile reads of its model (search columns are for search alone), of its lab,
# family (with the family's lab, which its link names), license and successor, and what
# it annotates: its stored cheapest route (last-listed price too) and use cases.
MODEL_COLUMNS = _columns(
    LanguageModel, "search_name", "search_slug", "search_keys", "search_document"
)
LAB_COLUMNS = _columns(Lab)
FAMILY_ROW_COLUMNS = _columns(ModelFamily)
LICENSE_COLUMNS = _columns(License)
SUCCESSOR_COLUMNS = ("id", "name", "slug", "is_published")
MODEL_ANNOTATIONS = (
    *CHEAPEST_COLUMNS,
    *LISTED_COLUMNS,
    "use_case_names",
    *(name for name, _ in OWN_ROWS.values()),
)
# Each related row: its name on the model, its model, its columns, and how its query finds
# it from the model's row (read as a JSON object: a join each would cost more to plan).
RELATED = (
    ("lab", Lab, LAB_COLUMNS, Q(pk=OuterRef("lab_id"))),
    ("family", ModelFamily, FAMILY_ROW_COLUMNS, Q(pk=OuterRef("family_id"))),
    ("family_lab", Lab, LAB_COLUMNS, Q(families=OuterRef("family_id"))),
    ("license", License, LICENSE_COLUMNS, Q(pk=OuterRef("license_id"))),
    ("successor", LanguageModel, SUCCESSOR_COLUMNS, Q(pk=OuterRef("successor_id"))),
)


def profile_model(slug: str) -> LanguageModel:
    """The published model ``slug`` with its stored cheapest route, use cases, lab, family,
    license and successor, and its own rows the page lists (``own_rows``), or
    ``LanguageModel.DoesNotExist``; ``build_profile`` reads the rest. One query, compiled
    once per process while the route summaries hold."""
    compiled = _model_sql if summaries_hold() else _model_query
    rows = run_rows(compiled(), slug=slug)
    if not rows:
        raise LanguageModel.DoesNotExist(slug)
    row = iter(rows[0])
    model = _from_row(LanguageModel, MODEL_COLUMNS, [next(row) for _ in MODEL_COLUMNS])
    related = {}
    for name, kind, columns, _ in RELATED:
        found = _from_json(kind, columns, [text] if (text := next(row)) else [])
        related[name] = _from_row(kind, columns, list(found[0].values())) if found else None
    if related["family"] is not None:
        related["family"].lab = related.pop("family_lab")
    for name in ("lab", "family", "license", "successor"):
        setattr(model, name, related[name])
    for name in MODEL_ANNOTATIONS:
        setattr(model, name, next(row))
    return model


def _model_query() -> tuple[str, tuple]:
    """The SQL of ``profile_model``'s query, over the route summaries as they hold now."""
    model = (
        LanguageModel.objects.published()
        .filter(slug=Given("slug", CharField()))
        .with_cheapest_route()
        .with_use_case_names()
        .annotate(
            **{
                name: _json_rows(kind.objects.filter(model=OuterRef("pk"), **shown), _columns(kind))
                for kind, (name, shown) in OWN_ROWS.items()
            },
            **{
                f"{name}_row": Subquery(kind.objects.filter(key).values(row=_json_object(columns)))
                for name, kind, columns, key in RELATED
            },
        )
        .values_list(
            *MODEL_COLUMNS,
            *(f"{name}_row" for name, *_ in RELATED),
            *MODEL_ANNOTATIONS,
        )
    )
    return model.query.sql_with_params()


_model_sql = cache(_model_query)  # over the stored summary columns: once per process


@dataclass(frozen=True)
class CapabilityRow:
    name: str
    description: str
    support: str  # yes / no / unknown
    note: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class CodeExample:
    provider_name: str
    model_id: str
    language: str
    code: str
    first_party: bool


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class PricingTableRow:
    """A live route as the pricing table shows it, every figure formatted once (the Jinja2
    template ``jinja2/catalog/route_rows.html`` only places them)."""

    provider_url: str
    provider_name: str
    kind: str  # route_kind: "" for a route billed per token
    model_id: str
    prices: tuple[str, ...]  # input, output, cached input, cache write, batch input, output
    status: str
    history_url: str
    last_change: str  # "22 Oct 2025: $3 -> $1 input", or "" when none is recorded
    freshness: str
    source_url: str


@dataclass(frozen=True)
class Reference:
    label: str
    url: str
    checked_on: dt.date | None


@dataclass
class ModelProfile:
    model: LanguageModel
    body_html: SafeString
    capabilities: list[CapabilityRow]
    routes: list[Offering]
    route_rows: SafeString  # the pricing table's rows (route_rows)
    code_example: CodeExample | None
    family: list[LanguageModel]
    aliases: list[ModelAlias]
    results: list[BenchmarkResult]  # with their places (results_with_places)
    faq: list[FaqItem]
    compare_links: list[Link]
    references: list[Reference]
    fact_checks: dict[str, dt.date | None]  # FactSource field -> when it was last checked
    is_stale: bool
    key_capabilities: list[str] = field(default_factory=list)


# Providers whose API speaks the OpenAI chat-completions protocol, and where.
OPENAI_COMPATIBLE_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "mistral": "https://api.mistral.ai/v1",
    "deepseek": "https://api.deepseek.com",
    "xai": "https://api.x.ai/v1",
    "alibaba": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    "moonshotai": "https://api.moonshot.ai/v1",
    "zai": "https://api.z.ai/api/paas/v4",
    "cohere": "https://api.cohere.ai/compatibility/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "togetherai": "https://api.together.xyz/v1",
    "groq": "https://api.groq.com/openai/v1",
    "fireworks-ai": "https://api.fireworks.ai/inference/v1",
    "deepinfra": "https://api.deepinfra.com/v1/openai",
    "cerebras": "https://api.cerebras.ai/v1",
    "nvidia": "https://integrate.api.nvidia.com/v1",
    "github-models": "https://models.github.ai/inference",
    "vercel": "https://ai-gateway.vercel.sh/v1",
}
PROMPT = "Summarise this changelog in three bullet points."


def _py_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def code_example(route: Offering | None, *, first_party: bool) -> CodeExample | None:
    """A short snippet calling the model on ``route``, built from data (escaped on render)."""
    if route is None:
        return None
    provider: Provider = route.provider
    model_id = _py_string(route.provider_model_id)
    if provider.slug == "anthropic":
        code = (
            "import anthropic\n\n"
            "client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY\n"
            "message = client.messages.create(\n"
            f"    model={model_id},\n"
            "    max_tokens=1024,\n"
            f'    messages=[{{"role": "user", "content": "{PROMPT}"}}],\n'
            ")\n"
            "print(message.content[0].text)\n"
        )
    elif provider.slug == "google":
        code = (
            "from google import genai\n\n"
            "client = genai.Client()  # reads GEMINI_API_KEY\n"
            "response = client.models.generate_content(\n"
            f'    model={model_id}, contents="{PROMPT}"\n'
            ")\n"
            "print(response.text)\n"
        )
    else:
        chat = (
            "response = client.chat.completions.create(\n"
            f"    model={model_id},\n"
            f'    messages=[{{"role": "user", "content": "{PROMPT}"}}],\n'
            ")\n"
            "print(response.choices[0].message.content)\n"
        )
        if provider.slug == "openai":
            client = "from openai import OpenAI\n\nclient = OpenAI()  # reads OPENAI_API_KEY\n"
        else:
            base_url = OPENAI_COMPATIBLE_BASE_URLS.get(provider.slug)
            endpoint = (
                _py_string(base_url)
                if base_url
                else f'"..."  # {provider.name}: see {provider.docs_url or "its API docs"}'
            )
            env = provider.slug.upper().replace("-", "_") + "_API_KEY"
            client = (
                "import os\n\n"
                "from openai import OpenAI  # an OpenAI-compatible endpoint\n\n"
                "client = OpenAI(\n"
                f"    base_url={endpoint},\n"
                f'    api_key=os.environ["{env}"],\n'
                ")\n"
            )
        code = client + chat
    return CodeExample(
        provider_name=provider.name,
        model_id=route.provider_model_id,
        language="python",
        code=code,
        first_party=first_party,
    )


def first_party_route(model: LanguageModel, routes: list[Offering]) -> Offering | None:
    return next(
        (
            route
            for route in routes
            if route.provider.kind == Provider.Kind.FIRST_PARTY
            and route.provider.lab_id == model.lab_id
        ),
        None,
    )


def capability_rows(model: LanguageModel) -> list[CapabilityRow]:
    """Every capability, in its order, with the model's status (unknown where no source
    gave one): one query of plain values."""
    return [
        CapabilityRow(
            name=name,
            description=description,
            support=support or ModelCapability.Support.UNKNOWN,
            note=note or "",
            source_url=source_url or "",
        )
        for name, description, support, note, source_url in run_rows(
            _capabilities_sql(), model=model.pk
        )
    ]


@cache
def _capabilities_sql() -> tuple[str, tuple]:
    statuses = Capability.objects.annotate(
        status=FilteredRelation("statuses", condition=Q(statuses__model=MODEL_KEY))
    ).values_list("name", "description", "status__support", "status__note", "status__source_url")
    return statuses.query.sql_with_params()


ROUTE_COLUMNS = _columns(Offering)
PROVIDER_COLUMNS = _columns(Provider)


def live_routes(model: LanguageModel) -> list[Offering]:
    """The model's live routes with their providers and price records (``price_records``,
    rows with the fields ``last_price_change`` reads), cheapest first (``catalog.routes``'
    Python twin of ``cheapest_first()``; one provider's several ids by id, then pk). A
    retired model has none (``Offering.objects.live()``), so no query; else its routes
    that are ``unretired()`` are live."""
    today = timezone.localdate()
    if lifecycle_is_retired(model.lifecycle, model.retires_on, today):
        return []
    routes = []
    split = len(ROUTE_COLUMNS)
    for *row, records in run_rows(_routes_sql(), model=model.pk, today=today):
        route = _from_row(Offering, ROUTE_COLUMNS, row[:split])
        route.provider = _from_row(Provider, PROVIDER_COLUMNS, row[split:])
        route.price_records = [
            PriceRow(**record) for record in _from_json(PriceRecord, PriceRow._fields, records)
        ]
        routes.append(route)
    return rank_routes(routes)


class PriceRow(NamedTuple):
    id: int
    effective_on: dt.date
    recorded_at: dt.datetime | None
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None

    @property
    def pk(self) -> int:
        return self.id


@cache
def _routes_sql() -> tuple[str, tuple]:
    records = PriceRecord.objects.filter(offering=OuterRef("pk"))
    routes = (
        Offering.objects.unretired(today=Given("today", DateField()))
        .filter(model=MODEL_KEY)
        .annotate(price_records=_json_rows(records, PriceRow._fields))
        .order_by("provider_model_id", "pk")
        .values_list(
            *ROUTE_COLUMNS, *_related("provider", Provider, PROVIDER_COLUMNS), "price_records"
        )
    )
    return routes.query.sql_with_params()


def openness_answer(model: LanguageModel) -> str:
    license_ = model.license
    if license_ is None:
        return f"Its license is not recorded yet, so whether {model.name} is open is unknown."
    weights = f" The weights are published at {model.weights_url}." if model.weights_url else ""
    if license_.openness == License.Openness.OPEN_SOURCE:
        return (
            f"Yes. {model.name} is released under {license_.name}, an open-source license."
            + weights
        )
    if license_.openness == License.Openness.OPEN_WEIGHTS:
        return (
            f"Its weights are open: you can download and run them under {license_.name}, "
            f"but that license is not an open-source one "
            f"({license_.get_commercial_use_display().lower()}).{weights}"
        )
    return f"No. {model.name} is proprietary: you can use it only through an API."


def generated_faq(model: LanguageModel, routes: list[Offering]) -> list[FaqItem]:
    name = model.name
    if model.context_window_tokens:
        context = f"{name} reads up to {model.context_window_tokens:,} tokens of context"
        context += (
            f" and writes up to {model.max_output_tokens:,} tokens per response."
            if model.max_output_tokens
            else "; its maximum output is unknown."
        )
    else:
        context = f"The context window of {name} is unknown: no source gives it yet."
    providers = list(dict.fromkeys(route.provider.name for route in routes))
    if providers:
        where = f"Through {len(providers)} provider{'s' if len(providers) != 1 else ''}: "
        where += ", ".join(providers) + "."
    else:
        where = f"No provider route for {name} is recorded yet."
    if model.has_open_weights and model.weights_url:
        where += " You can also run the open weights yourself."
    if model.cheapest_input_usd_per_mtok is not None:
        price = (
            f"The cheapest complete route, {model.cheapest_provider_name}, charges "
            f"{usd(model.cheapest_input_usd_per_mtok)} per million input tokens and "
            f"{usd(model.cheapest_output_usd_per_mtok)} per million output tokens."
        )
    else:
        price = f"No provider with both an input and an output price is recorded for {name}."
    return [
        FaqItem(f"What is the context window of {name}?", context),
        FaqItem(f"Is {name} open source?", openness_answer(model)),
        FaqItem(f"Where can I run {name}?", where),
        FaqItem(f"How much does {name} cost?", price),
    ]


FAMILY_LIMIT = 12
# What the family table and its links read of a member (with its cheapest route).
FAMILY_COLUMNS = (
    "name",
    "slug",
    "best_for",
    "context_window_tokens",
    "family_position",
    "lifecycle",
    "retires_on",
)


def family_members(model: LanguageModel) -> list[LanguageModel]:
    """The family, most capable first: at most FAMILY_LIMIT, this model always among them
    (each carries ``family_size``, the whole family's count)."""
    if model.family_id is None:
        return []
    compiled = _family_sql if summaries_hold() else _family_query
    members = []
    for row in run_rows(compiled(), model=model.pk, family=model.family_id):
        values = dict(zip(FAMILY_READ, row, strict=True))
        member = _from_row(LanguageModel, MEMBER_COLUMNS, [values[c] for c in MEMBER_COLUMNS])
        member.lab = _from_row(Lab, ("id", "name"), (member.lab_id, values["lab_name"]))
        for name in FAMILY_ANNOTATIONS:
            setattr(member, name, values[name])
        members.append(member)
    return sorted(members, key=lambda m: (m.family_position, m.name))


# A member as family_members reads it: its columns in their order, its lab's name, and the
# annotations of its cheapest route, capabilities and family size.
MEMBER_COLUMNS = tuple(c for c in _columns(LanguageModel) if c in {"id", "lab_id", *FAMILY_COLUMNS})
FAMILY_ANNOTATIONS = (*CHEAPEST_COLUMNS, *LISTED_COLUMNS, "yes_capabilities", "family_size")
FAMILY_READ = (*MEMBER_COLUMNS, "lab_name", *FAMILY_ANNOTATIONS)


def _family_query() -> tuple[str, tuple]:
    """The SQL of ``family_members``' query, over the route summaries as they hold now."""
    members = (
        LanguageModel.objects.published()
        .filter(family_id=Given("family", IntegerField()))
        .with_cheapest_route()
        .with_yes_capabilities()
        .annotate(lab_name=F("lab__name"), family_size=Window(Count("pk")))
        .order_by(Case(When(pk=MODEL_KEY, then=0), default=1), "family_position", "name")
        .values_list(*FAMILY_READ)[:FAMILY_LIMIT]
    )
    return members.query.sql_with_params()


_family_sql = cache(_family_query)  # over the stored summary columns: once per process


def log10(expression) -> Func:
    """SQL base-10 logarithm in double precision (Django's ``Log`` computes it in numeric,
    to 1,000 digits: 40 times slower, which for every model of 10,000 is most of a second)."""
    return Func(Cast(expression, FloatField()), function="LOG", output_field=FloatField())


# How far (in log10 units, price and context summed) the nearest models are first looked for:
# only the published models inside that box are read, unless fewer than the limit are this near.
NEAR = 0.1


def nearest_models(model: LanguageModel, limit: int = 6) -> list[LanguageModel]:
    """The published models closest to ``model`` in blended price and context window, from
    any lab: the sum of the two distances on a log scale (10x cheaper counts as much as 10x
    the context), nearest first, then by name. Needs the model's cheapest route; one query.

    Bounded at any catalogue size: the models within ``NEAR`` lie inside a box of prices and
    context windows, read off an index of the two figures (languagemodel_price_context); the
    ones farther are read (the whole index) only if fewer than ``limit`` are that near. The
    query is compiled once per process while the stored route summaries hold (compiling it
    cost more than running it), the model's figures passed as parameters."""
    blended = model.blended_usd_per_mtok
    if blended is None or not model.context_window_tokens:
        return []
    # All with_cheapest_route() it needs: the stored column (compiled once), or past its
    # date the one computed (holding today's date, compiled each time).
    (price,) = summary_columns(["blended_usd_per_mtok"]).values()
    compiled = _nearest_sql if summaries_hold() else _nearest_query
    sql, params = compiled(price, limit)
    scale = 10 ** (NEAR * 1.01)  # a box a little wider than NEAR, whatever the rounding
    given = {
        "pk": model.pk,
        "price": math.log10(blended),
        "context": math.log10(model.context_window_tokens),
        "cheapest": blended / Decimal(scale),
        "dearest": blended * Decimal(scale),
        "shortest": math.floor(model.context_window_tokens / scale),
        "longest": math.ceil(model.context_window_tokens * scale),
    }
    nearest = []
    for row in run((sql, params), **given):
        other = _from_row(LanguageModel, NEAREST_COLUMNS, [row[c] for c in NEAREST_COLUMNS])
        other.blended_usd_per_mtok, other.distance = row["blended_usd_per_mtok"], row["distance"]
        other.lab = _from_row(Lab, ("id", "name"), (other.lab_id, row["lab_name"]))
        nearest.append(other)
    return nearest


# What nearest_models reads of a model, in the model's field order (the lab's name besides,
# and its price and distance).
NEAREST_COLUMNS = tuple(
    c
    for c in _columns(LanguageModel)
    if c in {"id", "slug", "name", "context_window_tokens", "lab_id"}
)


def _nearest_query(price: Expression, limit: int) -> tuple[str, tuple]:
    """The SQL and parameters (``Given`` ones among them) of ``nearest_models``' query, over
    ``price`` (the blended price, stored or computed)."""
    distance = Abs(log10(F("blended_usd_per_mtok")) - Given("price", FloatField())) + Abs(
        log10(F("context_window_tokens")) - Given("context", FloatField())
    )
    candidates = (
        LanguageModel.objects.published()
        .exclude(pk=Given("pk", IntegerField()))
        .annotate(blended_usd_per_mtok=price)
        .filter(context_window_tokens__isnull=False, blended_usd_per_mtok__isnull=False)
        .annotate(distance=distance)
        .order_by("distance", "name")
        .values("pk")
    )
    near = candidates.filter(
        distance__lte=NEAR,
        blended_usd_per_mtok__gte=Given("cheapest", DecimalField()),
        blended_usd_per_mtok__lte=Given("dearest", DecimalField()),
        context_window_tokens__gte=Given("shortest", IntegerField()),
        context_window_tokens__lte=Given("longest", IntegerField()),
    )
    # The farther ones only if fewer than ``limit`` are near: a one-time condition, so
    # PostgreSQL does not read them at all otherwise.
    count = Func(Value(1), function="COUNT")  # over every near one (Count would group them)
    enough_near = Subquery(near.order_by().values(n=count), output_field=IntegerField())
    far = candidates.filter(distance__gt=NEAR).alias(near=enough_near).filter(near__lt=limit)
    nearest = (
        LanguageModel.objects.filter(pk__in=near[:limit].union(far[:limit], all=True))
        .annotate(blended_usd_per_mtok=price, distance=distance, lab_name=F("lab__name"))
        .values(*NEAREST_COLUMNS, "blended_usd_per_mtok", "distance", "lab_name")
        .order_by("distance", "name")[:limit]
    )
    return nearest.query.sql_with_params()


_nearest_sql = cache(_nearest_query)  # over the stored column: once per process


def compare_links(model: LanguageModel, family: list[LanguageModel], limit: int = 8) -> list[Link]:
    """The comparisons worth opening next: the nearest models in price and context from any
    lab first, then the family."""
    candidates = [*nearest_models(model), *(m for m in family if m.pk != model.pk)]
    url = url_maker("comparisons:compare")
    links, seen = [], set()
    for other in candidates:
        if len(links) == limit:
            break
        if other.slug in seen:
            continue
        seen.add(other.slug)
        pair = sorted([model, other], key=lambda m: m.slug)
        title = " vs ".join(m.name for m in pair)
        detail = ""
        if getattr(other, "blended_usd_per_mtok", None) is not None:
            detail = (
                f"{other.lab.name}: {usd(other.blended_usd_per_mtok)} blended, "
                f"{format_tokens(other.context_window_tokens)} context"
            )
        key = COMPARISON_SEPARATOR.join(sorted([model.slug, other.slug]))
        links.append(Link(title, url(key), detail))
    return links


def route_rows(routes: list[Offering], stale_before: dt.date) -> SafeString:
    """The pricing table's rows, rendered with Jinja2 (``jinja2/catalog/route_rows.html``)."""
    provider_url = url_maker("catalog:provider-detail")
    history_url = url_maker("comparisons:route-history", marker="0")
    rows = [
        PricingTableRow(
            provider_url=provider_url(route.provider.slug),
            provider_name=route.provider.name,
            kind=route_kind(route),
            model_id=route.provider_model_id,
            prices=all_prices(route),
            status=route.get_status_display(),
            history_url=history_url(route.pk),
            last_change=format_html(
                "{}: {}", day(route.last_change.changed_on), route.last_change.summary
            )
            if route.last_change
            else "",
            freshness=freshness_html(route.last_verified_on, stale_before),
            source_url=route.source_url,
        )
        for route in routes
    ]
    return mark_safe(  # Jinja2 escaped what it printed
        render_to_string("catalog/route_rows.html", {"rows": rows}, using="jinja2")
    )


def references(
    model: LanguageModel, sources: list[FactSource], routes: list[Offering]
) -> list[Reference]:
    refs = [
        Reference(source.get_field_display(), source.url, source.checked_on) for source in sources
    ]
    if model.source_url:
        refs.append(Reference("Model card", model.source_url, model.last_reviewed_on))
    for route in routes:
        if route.source_url:
            label = f"{route.provider.name} pricing"
            refs.append(Reference(label, route.source_url, route.last_verified_on))
    unique, seen = [], set()
    for ref in refs:
        if (ref.label, ref.url) not in seen:
            seen.add((ref.label, ref.url))
            unique.append(ref)
    return unique


RESULT_COLUMNS = _columns(BenchmarkResult)
BENCHMARK_COLUMNS = _columns(Benchmark)


def benchmark_results(model: LanguageModel) -> list[BenchmarkResult]:
    """The model's results with their benchmarks and places (``results_with_places``)."""
    results = []
    split = len(RESULT_COLUMNS)
    for *row, position, entrants in run_rows(_results_sql(), model=model.pk):
        result = _from_row(BenchmarkResult, RESULT_COLUMNS, row[:split])
        result.benchmark = _from_row(Benchmark, BENCHMARK_COLUMNS, row[split:])
        result.position, result.entrants = position, entrants
        results.append(result)
    return results


@cache
def _results_sql() -> tuple[str, tuple]:
    results = (
        results_with_places()
        .filter(model=MODEL_KEY)
        .values_list(
            *RESULT_COLUMNS,
            *_related("benchmark", Benchmark, BENCHMARK_COLUMNS),
            "position",
            "entrants",
        )
    )
    return results.query.sql_with_params()


def build_profile(model: LanguageModel, today: dt.date | None = None) -> ModelProfile:
    routes = live_routes(model)
    sources = own_rows(FactSource, model)
    for route in routes:  # when each price last changed, and by how much
        route.last_change = last_price_change(route.price_records)
    first_party = first_party_route(model, routes)
    family = family_members(model)
    capabilities = capability_rows(model)
    return ModelProfile(
        model=model,
        body_html=render_markdown(model.body),
        capabilities=capabilities,
        routes=routes,
        route_rows=route_rows(routes, stale_before(today)),
        code_example=code_example(
            first_party or (routes[0] if routes else None), first_party=first_party is not None
        ),
        family=family,
        aliases=own_rows(ModelAlias, model),
        results=benchmark_results(model),
        faq=[*generated_faq(model, routes), *editorial_faq(own_rows(FaqEntry, model))],
        compare_links=compare_links(model, family),
        references=references(model, sources, routes),
        fact_checks=fact_checked_on(model, sources),
        is_stale=model.last_reviewed_on is None or model.last_reviewed_on < stale_before(today),
        key_capabilities=[row.name for row in capabilities if row.support == "yes"][
            :KEY_CAPABILITIES
        ],
    )


def profile_body(profile: ModelProfile, *, path: str, stale_before: dt.date) -> SafeString:
    """The page's body, rendered with Jinja2 (``jinja2/catalog/profile.html``) with the
    figures' own formatters; ``path`` is the page's, where a report link comes back to."""
    model = profile.model
    context = {
        "m": model,
        "p": profile,
        "fact_checks": profile.fact_checks,
        "picker_url": reverse("comparisons:picker"),
        "report_link": render_to_string(
            "includes/report_link.html", {"report_url": report_url([model.slug], back=path)}
        ),
        "report_figure": partial(figure_report_link, model, back=path),
        "freshness": partial(freshness_html, stale_before=stale_before),
        "capfirst": capfirst,
        "day": day,
        "figure": figure,
        "listed_price": listed_price,
        "ordinal": ordinal,
        "parameters": parameters,
        "provenance": provenance,
        "score": score,
        "tokens": tokens,
        "usd": usd_figure,
    }
    return mark_safe(  # Jinja2 escaped what it printed
        render_to_string("catalog/profile.html", context, using="jinja2")
    )
