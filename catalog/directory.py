"""The model directory (/models/): the models its filters keep, a page of rows, its columns
and what its filter bar shows. ``catalog.views.ModelListView`` serves it from these.

A page is read in two steps so that it costs the same at any depth and any catalogue size:
``directory_models`` is what the filters narrow and the order sorts (only the columns they
read), and ``page_rows`` reads the page's own rows in full, picked by id from that order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Protocol

from django.core.paginator import Page
from django.db.models import Expression, F, Func, IntegerField, QuerySet, Subquery
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalog.compiled import any_given, run
from catalog.filter_bar import bar_fields
from catalog.filters import PRIMARY_FILTERS, SORTS, LanguageModelFilter, active_chips
from catalog.links import model_urls, url_maker
from catalog.models import (
    Benchmark,
    LanguageModel,
    License,
    lifecycle_is_retired,
    openness_has_open_weights,
)
from catalog.route_summary import CHEAPEST_COLUMNS, LISTED_COLUMNS, cheapest_columns
from catalog.templatetags.figures import (
    UNKNOWN_HTML,
    day,
    listed_price,
    money,
    score,
    tokens,
    usd,
)

MODELS_PER_PAGE = 50

# What a row shows of a model, its lab and its license (besides the annotations
# ``page_rows`` adds): a page reads 50 narrow rows, not 50 whole wide ones (bodies, search
# documents, import bookkeeping), as plain values.
ROW_FIELDS = (
    "pk",
    "name",
    "slug",
    "lifecycle",
    "retires_on",
    "context_window_tokens",
    "release_date",
    "lab__name",
    "lab__slug",
    "license__name",
    "license__slug",
    "license__openness",
    *CHEAPEST_COLUMNS,
    *LISTED_COLUMNS,
    "headline_score",
    "yes_capabilities",
)


def directory_models() -> QuerySet:
    """Every published model by name, with only what the filters and sorts read."""
    return LanguageModel.objects.published().with_cheapest_route().order_by("name")


class RowExtra(Protocol):
    """More a page's rows read (comparisons.directory: the monthly cost at a traffic):
    hashable by what its SQL is built from, so the rows' query compiles once for each."""

    def annotations(self) -> dict[str, Expression]: ...


def _published_counted() -> QuerySet:
    """How many models are published: ``COUNT`` as a plain function, so nothing is grouped."""
    published = LanguageModel.objects.published().order_by()
    return published.annotate(n=Func(F("pk"), function="COUNT")).values("n")


def published_count() -> Subquery:
    """``_published_counted`` as a scalar subquery: a page of the unfiltered directory reads
    it with its ids."""
    return Subquery(_published_counted())


def published_total() -> int:
    """``_published_counted`` on its own (an unfiltered page sorted by cost reads the count
    first), by a query compiled once per process: not the count of the page's annotated
    queryset, which Django takes ~1 ms to compile."""
    return run(_published_total_sql())[0]["n"]


@cache
def _published_total_sql() -> tuple[str, tuple]:
    return _published_counted().query.sql_with_params()


def page_rows(
    ids: list[int], headline: Benchmark | None, extra: RowExtra | None = None
) -> list[SimpleNamespace]:
    """The models ``ids`` (a page of the filtered, ordered directory models, read by a query
    that reads only what the filters and the order need, so a deep page or a search ranks
    ids) with everything a row shows (``ROW_FIELDS``, and ``extra``'s annotations), in that
    order: only those rows are read in full (their score, capabilities...), without
    filtering them again, as plain values (``lab__name``...), not model instances.

    The query is compiled once per process for each headline benchmark and ``extra`` while
    the stored route summaries hold (compiling it cost more than running it), else each
    time; the ids are its parameter. No ids, no query."""
    if not ids:
        return []
    key = (headline and (headline.pk, headline.ranked_setting, headline.higher_is_better), extra)
    if all(isinstance(column, F) for column in cheapest_columns().values()):
        compiled = _rows_sql(*key)
    else:
        compiled = _rows_query(*key).query.sql_with_params()
    position = {pk: index for index, pk in enumerate(ids)}
    rows = sorted(run(compiled, ids=ids), key=lambda row: position[row["pk"]])
    return [SimpleNamespace(**row) for row in rows]


def _rows_query(headline: tuple | None, extra: RowExtra | None) -> QuerySet:
    """``page_rows``' query, ``headline`` the benchmark's (pk, ranked setting,
    higher_is_better)."""
    benchmark = headline and Benchmark(
        pk=headline[0], ranked_setting=headline[1], higher_is_better=headline[2]
    )
    annotations = extra.annotations() if extra else {}
    return (
        LanguageModel.objects.filter(any_given("pk", "ids", IntegerField))
        .with_cheapest_route()
        .annotate(**annotations)
        .with_score_on(benchmark)
        .with_yes_capabilities()
        .values(*ROW_FIELDS, *annotations)
    )


@lru_cache(maxsize=64)  # a few headline benchmarks and traffics a day
def _rows_sql(headline: tuple | None, extra: RowExtra | None) -> tuple[str, tuple]:
    return _rows_query(headline, extra).query.sql_with_params()


SHOWN_CAPABILITIES = 3  # a row names this many capabilities, then "+N"


@dataclass(slots=True)
class Row:
    """One row of the directory, every cell's figure formatted once (the template only
    places them): the cells in the order of ``directory_columns``."""

    slug: str
    name: str
    url: str
    retired: bool
    input: str
    output: str
    blended: str
    cost: str  # the monthly cost, where the page has that column
    context: str
    score: str
    lab_name: str
    lab_url: str
    released: str
    providers: int
    license_name: str
    license_url: str
    open_weights: bool | None
    capabilities: list[str]  # the first SHOWN_CAPABILITIES
    more_capabilities: int  # how many more


def directory_rows(
    models: list[SimpleNamespace],
    headline: Benchmark | None,
    cost_precision: str | None = None,
    today: dt.date | None = None,
) -> list[Row]:
    """The rows of ``page_rows``' models; with ``cost_precision``, the monthly cost column
    (``cheapest_monthly_cost_usd``) at that precision."""
    today = today or timezone.localdate()
    model_url = model_urls()
    lab_url = url_maker("catalog:lab-detail")
    license_url = cache(lambda slug: License(slug=slug).get_absolute_url())
    return [
        Row(
            slug=model.slug,
            name=model.name,
            url=model_url(model.slug),
            retired=(retired := lifecycle_is_retired(model.lifecycle, model.retires_on, today)),
            input=listed_price(model, "input", retired=retired),
            output=listed_price(model, "output", retired=retired),
            blended=usd(model.blended_usd_per_mtok),
            cost=money(model.cheapest_monthly_cost_usd, cost_precision) if cost_precision else "",
            context=tokens(model.context_window_tokens),
            score=score(model.headline_score, headline),
            lab_name=model.lab__name,
            lab_url=lab_url(model.lab__slug),
            released=day(model.release_date),
            providers=model.offering_count,
            license_name=model.license__name or "",
            license_url=license_url(model.license__slug) if model.license__slug else "",
            open_weights=openness_has_open_weights(model.license__openness),
            capabilities=model.yes_capabilities[:SHOWN_CAPABILITIES],
            more_capabilities=max(len(model.yes_capabilities) - SHOWN_CAPABILITIES, 0),
        )
        for model in models
    ]


@dataclass(frozen=True)
class Column:
    key: str  # which cell the template renders
    label: str
    sort_key: str = ""
    numeric: bool = False
    current: str = ""  # the active sort value

    @property
    def next_sort(self) -> str:
        return f"-{self.sort_key}" if self.current == self.sort_key else self.sort_key

    @property
    def aria_sort(self) -> str:
        if self.current == self.sort_key:
            return "ascending"
        if self.current == f"-{self.sort_key}":
            return "descending"
        return ""


def directory_columns(
    current_sort: str, headline: Benchmark | None, cost_columns: tuple[Column, ...] = ()
) -> list[Column]:
    """The directory's columns, prices right after the name (in view on a phone)."""

    def column(key, label, sort_key="", numeric=False):
        return Column(key, label, sort_key, numeric, current_sort)

    return [
        column("name", SORTS["name"][0], "name"),
        column("input", "Input $/1M", "input_price", numeric=True),
        column("output", "Output $/1M", "output_price", numeric=True),
        column("blended", "Blended $/1M", "blended_price", numeric=True),
        *(replace(c, current=current_sort) for c in cost_columns),
        column("context", "Context", "context", numeric=True),
        column("score", headline.name if headline else "Benchmark", numeric=True),
        column("lab", SORTS["lab"][0], "lab"),
        column("released", "Released", "release_date"),
        column("providers", "Providers", "providers", numeric=True),
        column("license", "License"),
        column("open_weights", "Open weights"),
        column("capabilities", "Key capabilities"),
    ]


def current_sort(filterset: LanguageModelFilter) -> str:
    """The sort asked for ("" for the default order)."""
    return (filterset.form.cleaned_data.get("sort") if filterset.is_bound else "") or ""


def with_query(query: QueryDict, **changes) -> str:
    """``query`` with ``changes`` ("?..."), as Django's ``{% querystring %}`` gives it: a
    changed parameter keeps its place, a new one comes last, None removes one."""
    changed = query.copy()
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        else:
            changed[name] = value
    return f"?{changed.urlencode()}"


def filter_bar(filterset: LanguageModelFilter, query: QueryDict) -> dict:
    """The filter bar: its primary fields, the others folded (and how many of those are
    set), whether any filter narrows the list, and a chip per active filter value."""
    form = filterset.form
    fields = {field.name: field for field in bar_fields(form, form.fields)}
    more = [field for name, field in fields.items() if name not in PRIMARY_FILTERS]
    return {
        "filters_active": filterset.active,
        "filter_errors": bool(filterset.errors),
        "fields": list(fields.values()),
        "chips": active_chips(filterset, query),
        "primary_fields": [fields[name] for name in PRIMARY_FILTERS],
        "more_fields": more,
        "more_active": sum(1 for field in more if query.get(field.name)),
    }


def page_links(page: Page, query: QueryDict) -> dict:
    """The page links: previous, each number (elided) and next, as ``?page=N`` links."""
    paginator = page.paginator
    numbers = paginator.get_elided_page_range(page.number, on_each_side=2)
    return {
        "is_paginated": paginator.num_pages > 1,
        "ellipsis": paginator.ELLIPSIS,
        "page_links": [
            (number, "" if number == paginator.ELLIPSIS else with_query(query, page=number))
            for number in numbers
        ],
        "previous_link": with_query(query, page=page.number - 1) if page.has_previous() else "",
        "next_link": with_query(query, page=page.number + 1) if page.has_next() else "",
    }


def directory_page(
    filterset: LanguageModelFilter,
    query: QueryDict,
    page: Page,
    *,
    headline: Benchmark | None,
    cost_columns: tuple[Column, ...] = (),
    cost_precision: str | None = None,
    traffic_bar: str = "",
    traffic_parameters=(),
) -> str:
    """The directory's page body, rendered with Jinja2 (``jinja2/catalog/directory.html``):
    the count, the filter bar, the traffic bar (``traffic_bar``, rendered HTML), the page's
    rows (~1,000 values), its columns (the headline benchmark's scores among them) and the
    page links."""
    columns = directory_columns(current_sort(filterset), headline, cost_columns)
    context = {
        "count": page.paginator.count,
        "num_pages": page.paginator.num_pages,
        "page_obj": page,
        "rows": directory_rows(page.object_list, headline, cost_precision),
        "cost_column": bool(cost_columns),
        "unknown": UNKNOWN_HTML,
        "headline": headline,
        "columns": [
            SimpleNamespace(
                label=column.label,
                numeric=column.numeric,
                sort_key=column.sort_key,
                aria_sort=column.aria_sort,
                link=with_query(query, sort=column.next_sort, page=None) if column.sort_key else "",
            )
            for column in columns
        ],
        "traffic_bar": mark_safe(traffic_bar),  # rendered by Django's engine
        "traffic_parameters": traffic_parameters,
        "list_url": reverse("catalog:model-list"),
        "picker_url": reverse("comparisons:picker"),
        **filter_bar(filterset, query),
        **page_links(page, query),
    }
    # Jinja2 escaped what it printed
    return mark_safe(render_to_string("catalog/directory.html", context, using="jinja2"))
