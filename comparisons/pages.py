"""What the comparison and pricing pages show: one builder function per page, from the
request's parameters, so the views only route (as ``ModelDetailView`` + ``build_profile``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, partial
from types import SimpleNamespace

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.template import engines
from django.template.defaultfilters import floatformat, pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from catalog.charts import bar_chart
from catalog.corrections import report_url
from catalog.faq import editorial_faq
from catalog.filters import LanguageModelFilter
from catalog.formatting import format_tokens, money_formatter
from catalog.links import url_maker
from catalog.models import LanguageModel, stale_before
from catalog.pagination import page_of
from catalog.templatetags.figures import (
    all_prices,
    day,
    figure,
    freshness_html,
    money,
    provenance,
    route_kind,
    shown_prices,
)
from comparisons.analysis import build_comparison
from comparisons.costs import Traffic
from comparisons.jsonld import faq_page
from comparisons.models import MAX_MODELS, MIN_MODELS, canonical_key
from comparisons.pricing import (
    CHART_POINTS,
    DEFAULT_SORT,
    FIGURE_BOUNDS,
    MODELS_PER_PAGE,
    ROUTE_COLUMNS,
    ROUTE_SORTS,
    ModelGroup,
    attach_price_changes,
    cost_page,
    cost_precision,
    figure_page,
    model_group,
    ordered_for_pricing,
    page_models,
    price_score_section,
    shown_routes,
)
from comparisons.results import Comparison, Row
from comparisons.selectors import (
    TOO_FEW_OR_MANY,
    ComparisonRequestError,
    Pick,
    curated_for,
    featured_comparisons,
    pick_models,
    picker_models,
    popular_comparisons,
    related_comparisons,
    split_key,
    validate_slugs,
)
from comparisons.snapshots import ModelSnapshot, capability_refs, snapshot_models


# /compare/ (the picker) -----------------------------------------------------------------------
@dataclass(frozen=True)
class Picked:
    """What the picker's typed texts lead to: a comparison key, or why not."""

    key: str = ""  # the canonical comparison key, when every text names one model
    error: str = ""
    problems: tuple[Pick, ...] = ()  # the texts that name no model, or several


def picked(texts: list[str]) -> Picked:
    if not MIN_MODELS <= len(texts) <= MAX_MODELS:
        return Picked(error=TOO_FEW_OR_MANY)
    picks = pick_models(texts)
    if problems := tuple(pick for pick in picks if pick.problem):
        return Picked(problems=problems)
    try:
        return Picked(key=canonical_key(validate_slugs([pick.model.slug for pick in picks])))
    except ComparisonRequestError as problem:
        return Picked(error=str(problem))


def picker_page(typed: list[str]) -> dict:
    """The picker's four fields (what was typed kept), its suggestions and comparisons."""
    return {
        "models": picker_models(),
        "slots": [(n, typed[n - 1] if n <= len(typed) else "") for n in range(1, MAX_MODELS + 1)],
        "featured": featured_comparisons(),
        "popular": popular_comparisons(),
    }


# /compare/<a>-vs-<b>/ ------------------------------------------------------------------------
def canonical_key_or_404(key: str) -> str:
    """The canonical form of a comparison key (models in alphabetical order); 404 when it
    names no comparison (a model twice, too few or many, not a slug)."""
    try:
        return canonical_key(validate_slugs(split_key(key)))
    except ComparisonRequestError as problem:
        raise Http404(str(problem)) from problem


def snapshots_or_404(key: str) -> list[ModelSnapshot]:
    """The published models of a canonical key; 404 unless every one is in the catalogue."""
    slugs = split_key(key)
    snapshots = snapshot_models(slugs)
    if len(snapshots) != len(slugs):
        raise Http404("Some of those models are not in the catalogue.")
    return snapshots


@dataclass(frozen=True)
class RouteTableRow:
    """A model's route in its folded table on a comparison, every figure formatted once
    (the Jinja2 template ``jinja2/comparisons/route_rows.html`` only places them)."""

    provider_name: str
    kind: str  # route_kind: "" for a route billed per token
    model_id: str
    prices: tuple[str, ...]  # input, output, cached input
    batch_discount: str  # "50%", or unknown
    freshness: str
    source_url: str


def route_tables(
    models: list[ModelSnapshot], stale_before: dt.date
) -> list[tuple[ModelSnapshot, SafeString]]:
    """Each model with the rows of its routes' table, rendered with Jinja2 (a check date's
    flag made once: many routes share a date)."""
    freshness = cache(partial(freshness_html, stale_before=stale_before))
    tables = []
    for model in models:
        rows = [
            RouteTableRow(
                provider_name=route.provider_name,
                kind=route_kind(route),
                model_id=route.provider_model_id,
                prices=shown_prices(route),
                batch_discount=figure(None)
                if route.batch_discount_percent is None
                else f"{floatformat(route.batch_discount_percent, '-2')}%",
                freshness=freshness(route.last_verified_on),
                source_url=route.source_url,
            )
            for route in model.routes
        ]
        html = render_to_string("comparisons/route_rows.html", {"rows": rows}, using="jinja2")
        tables.append((model, mark_safe(html)))  # Jinja2 escaped what it printed
    return tables


def attach_route_cells(groups: list[ModelGroup], precision: str) -> None:
    """Each listed route's cells in /pricing/'s table (``row.cells``), every figure formatted
    once and placed by Jinja2 (``jinja2/comparisons/price_cells.html``), as the other
    tables' rows are."""
    cells = engines["jinja2"].env.get_template("comparisons/price_cells.html").module.cells
    history_url = url_maker("comparisons:route-history", marker="0")
    for row in shown_routes(groups):
        route = row.offering
        change = row.last_change
        figures = SimpleNamespace(
            provider_name=route.provider.name,
            kind=route_kind(route),
            model_id=route.provider_model_id,
            prices=all_prices(route),
            cost=money(row.cost.total_usd, precision)
            if row.cost.available
            else format_html('<span class="unknown">{}</span>', row.cost.reason),
            history_url=history_url(route.pk),
            last_change=format_html("{}: {}", day(change.changed_on), change.summary)
            if change
            else "none recorded",
            provenance=provenance(
                route.source_url, route.last_verified_on, note=route.source_note, compact=True
            ),
        )
        row.cells = mark_safe(str(cells(figures)))  # Jinja2 escaped what it printed


def model_rows(rows: list[Row]) -> SafeString:
    """The body rows of one of the page's tables of models (a label, then a cell per model,
    an unknown figure as unknown), rendered with Jinja2 (``jinja2/comparisons/model_rows.html``)."""
    shaped = [(row.label, [figure(cell) for cell in row.cells]) for row in rows]
    html = render_to_string("comparisons/model_rows.html", {"rows": shaped}, using="jinja2")
    return mark_safe(html)  # Jinja2 escaped what it printed


def compare_page(key: str, snapshots: list[ModelSnapshot], *, traffic: dict, path: str) -> dict:
    """Everything a comparison page shows at the traffic of the page's traffic bar (the
    ``traffic`` context), its body rendered (``compare_body``)."""
    page = compare_parts(key, snapshots, traffic=traffic, path=path)
    return {**page, "body": compare_body({**traffic, **page})}


def compare_body(context: dict) -> SafeString:
    """The page's body, rendered with Jinja2 (``jinja2/comparisons/compare.html``); the
    traffic bar and report link, shared with other pages, by Django's engine."""
    comparison, curated = context["comparison"], context["curated"]
    cutoff = context["stale_before"]
    places = {
        "models": comparison.models,
        "traffic_bar": render_to_string("includes/traffic_bar.html", context),
        "report_link": render_to_string("includes/report_link.html", context),
        # {% firstof %} of the two review dates
        "last_reviewed_on": (curated.last_reviewed_on if curated else None)
        or comparison.last_reviewed_on
        or "not yet reviewed",
        "picker_url": reverse("comparisons:picker"),
        "benchmark_url": lambda slug: reverse("catalog:benchmark-detail", args=[slug]),
        # What Django's engine did: its filters and tags, and the localizing of a date (both
        # of a check date made once: many sources share one).
        "stale_flag": cache(partial(freshness_html, stale_before=cutoff, stale_only=True)),
        "source_date": cache(localize),
        "localize": localize,
        "figure": figure,
        "day": day,
        "provenance": provenance,
        "floatformat": floatformat,
        "pluralize": pluralize,
    }
    html = render_to_string("comparisons/compare.html", {**context, **places}, using="jinja2")
    return mark_safe(html)  # Jinja2 escaped what it printed


def compare_parts(key: str, snapshots: list[ModelSnapshot], *, traffic: dict, path: str) -> dict:
    """What the page's body shows."""
    curated = curated_for(key)
    cutoff = stale_before()
    comparison = build_comparison(
        snapshots,
        capabilities=capability_refs(),
        traffic=traffic["traffic"],
        curated_intro=curated.intro if curated else "",
        curated_verdict=curated.verdict if curated else "",
    )
    faq = [*comparison.faq, *editorial_faq(curated.faq_entries if curated else [])]
    return {
        "comparison": comparison,
        "curated": curated,
        "faq": faq,
        "faq_json_ld": faq_page(faq),
        "related": related_comparisons(snapshots),
        "context_chart": context_chart(comparison),
        "cost_chart": cost_chart(comparison, traffic["traffic_label"]),
        "key": key,
        "report_url": report_url([s.slug for s in snapshots], back=path),
        "stale_before": cutoff,
        "route_tables": route_tables(comparison.models, cutoff),
        "model_rows": {
            "scorecard": model_rows(comparison.scorecard),
            "specs": model_rows(comparison.specs),
            "pricing": model_rows(comparison.pricing),
            "capabilities": model_rows(comparison.capabilities),
        },
    }


def context_chart(comparison: Comparison) -> str:
    return bar_chart(
        "Context window",
        [(m.name, m.context_window_tokens) for m in comparison.models],
        "tokens",
        formatter=format_tokens,
    )


def cost_chart(comparison: Comparison, traffic_label: str) -> str:
    """The monthly costs, in the cost cards' order and at their one precision."""
    amounts = [cell.estimate.total_usd for cell in comparison.costs]
    return bar_chart(
        f"Monthly cost at {traffic_label}",
        [(cell.model.name, cell.estimate.total_usd) for cell in comparison.costs],
        "USD a month",
        formatter=money_formatter(amounts),
    )


# /pricing/ -----------------------------------------------------------------------------------
def pricing_sort(query: QueryDict) -> str:
    """The route column the models are ordered by ("-" for descending); the default when
    the parameter names no column."""
    sort = query.get("sort", DEFAULT_SORT)
    return sort if sort.lstrip("-") in ROUTE_SORTS else DEFAULT_SORT


def pricing_slice(models: QuerySet, page: Page, sort: str, traffic: Traffic) -> QuerySet:
    """``page``'s rows of ``models`` (``ordered_for_pricing``'s, by ``sort``): by cost or a
    figure of the cheapest route, either way, only the models around the page are costed
    (``cost_page``, ``figure_page``)."""
    start, stop = page.start_index() - 1, page.end_index()
    field, dearest = ROUTE_SORTS[sort.lstrip("-")], sort.startswith("-")
    if sort.lstrip("-") == DEFAULT_SORT:
        return cost_page(models, traffic=traffic, start=start, stop=stop, dearest=dearest)
    if field in FIGURE_BOUNDS:
        return figure_page(
            models, field=field, traffic=traffic, start=start, stop=stop, dearest=dearest
        )
    return models[start:stop]


def pricing_filters(query: QueryDict) -> LanguageModelFilter:
    """The directory's filters over published models ("sort" here orders the routes)."""
    data = query.copy()
    data.pop("sort", None)
    return LanguageModelFilter(
        data or None, queryset=LanguageModel.objects.published().with_cheapest_route()
    )


def pricing_page(request: HttpRequest, traffic: Traffic) -> dict:
    """One page of models with their routes priced at ``traffic``, in the order asked, and
    on the first page the price-versus-score chart of every model the filters keep (the
    same on every page, so later pages link to it rather than compute it again)."""
    filters = pricing_filters(request.GET)
    sort = pricing_sort(request.GET)
    models = ordered_for_pricing(
        filters.qs if filters.is_valid() else filters.queryset, traffic=traffic, sort=sort
    )
    page = page_of(request, models, MODELS_PER_PAGE)
    if page.paginator.count:
        page.object_list = page_models(models, pricing_slice(models, page, sort, traffic))
    page.object_list = [model_group(model, traffic) for model in page]
    attach_price_changes(page.object_list)
    attach_route_cells(page.object_list, cost_precision(page.object_list))
    return {
        "filters": filters,
        "page": page,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "route_columns": ROUTE_COLUMNS,
        "chart": price_score_section(models, request.GET.get("benchmark"), traffic)
        if page.number == 1
        else None,
        "chart_points": CHART_POINTS,
    }
