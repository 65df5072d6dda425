"""Template filters that show figures the same way everywhere: {% load figures %}.

The rules live in ``catalog.formatting``; these filters add only the HTML around them
(unknown in its muted style, the exact token count in a title).

    {{ cell|figure }}                       the text, or <span class="unknown">Unknown</span>

    {{ model.release_date|day }}            22 Oct 2024
    {{ offering.input_usd_per_mtok|usd }}   $0.80 (a price per 1M tokens)
    {{ cost|money }}                        $181.07 / $1,218 by magnitude
    {{ cost|money:precision }}              one precision for a whole table, where
    {% with precision=amounts|money_precision %}  picks it from the table's amounts
    {{ model.context_window_tokens|tokens }} <data title="200,000 tokens">200K</data>
    {{ result.score|score:result.benchmark }} 80.9 (the benchmark's decimals)
    {% listed_price model "input" %}        a list's price: $3, or "last listed $3" (retired)
    {% freshness offering.last_verified_on %}  checked 2 Jul 2026, or flagged stale
    {{ offering|route_kind }}               " Free tier" after a route not billed per token
    {% provenance url checked_on note=... %}  a figure's source link, its note, "checked 2 Jul
                                            2026" (label=, verb=, compact=True for a cell)
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from catalog import formatting

register = template.Library()


@register.filter
def figure(value):
    """A figure as it is, or an unknown one (None, "" or ``formatting.Unknown``) as
    "Unknown" (or the Unknown's own phrase) in the ``unknown`` style: the one way pages
    show that nobody sourced a value."""
    if formatting.is_known(value):
        return value
    return format_html('<span class="unknown">{}</span>', value or formatting.UNKNOWN_FIGURE)


UNKNOWN_HTML = figure(None)


def _or_unknown(value, text: str) -> SafeString | str:
    return UNKNOWN_HTML if value is None or value == "" else text


@register.filter
def day(value):
    """A date, one way everywhere: 22 Oct 2024 (a month alone: Feb 2025)."""
    return _or_unknown(value, formatting.format_date(value))


@register.filter
def usd(price):
    """A price per 1M tokens at the source's precision: $0.80, $0.075."""
    return _or_unknown(price, formatting.format_price(price))


def shown_prices(route) -> tuple[str, ...]:
    """A route's input, output and cached-input prices, each as ``usd`` shows it (a $0 only
    where the route is documented free): the first price cells of a table of routes."""
    return tuple(
        usd(price)
        for price in (
            route.shown_input_usd_per_mtok,
            route.shown_output_usd_per_mtok,
            route.shown_cached_input_usd_per_mtok,
        )
    )


def all_prices(route) -> tuple[str, ...]:
    """``shown_prices``, then the cache-write and batch input and output prices: the six
    price cells of a route in a full table of routes (a model's, /pricing/'s)."""
    return (
        *shown_prices(route),
        usd(route.cache_write_usd_per_mtok),
        usd(route.batch_input_usd_per_mtok),
        usd(route.batch_output_usd_per_mtok),
    )


@register.filter
def money(amount, precision=None):
    """A monthly amount: cents under $100, whole dollars above, or the table's ``precision``."""
    return _or_unknown(amount, formatting.format_money(amount, precision or None))


@register.filter
def money_precision(amounts):
    """ "cents" or "dollars": the one precision a table of ``amounts`` uses."""
    return formatting.money_precision(amounts)


@register.filter
def tokens(count):
    """200K / 1.05M, with the exact count in a title and the machine value."""
    if count is None:
        return UNKNOWN_HTML
    count = int(count)  # digits and commas only: nothing to escape (a list prints ~50)
    exact, short = formatting.format_exact_tokens(count), formatting.format_tokens(count)
    return SafeString(f'<data value="{count}" title="{exact}">{short}</data>')


@register.filter
def score(value, benchmark=None):
    """A score at its benchmark's precision (a Benchmark, or a number of decimals)."""
    if value is None:
        return UNKNOWN_HTML
    decimals = getattr(benchmark, "score_decimals", benchmark)
    return formatting.format_score(Decimal(value), 1 if decimals in (None, "") else int(decimals))


@register.filter
def parameters(model):
    """A model's parameter count: 109B (17B active)."""
    total = getattr(model, "total_parameters_b", None)
    return _or_unknown(
        total, formatting.format_parameters(total, getattr(model, "active_parameters_b", None))
    )


RETIRED_HTML = format_html('<span class="unknown">{}</span>', "retired")


@register.simple_tag
def listed_price(model, side: str, retired: bool | None = None):
    """A model's price per 1M tokens on one ``side`` ("input" or "output") in a list of
    models (``with_cheapest_route``): its cheapest route's; for a retired model, which has
    none, the price it was last listed at, or "retired" when none is known. ``retired``:
    ``model.is_retired``, where the caller knows it already."""
    if not (model.is_retired if retired is None else retired):
        return usd(getattr(model, f"cheapest_{side}_usd_per_mtok"))
    last = getattr(model, f"last_listed_{side}_usd_per_mtok")
    if last is None:
        return RETIRED_HTML
    return format_html('<span class="muted">last listed</span> {}', usd(last))


NEVER_CHECKED_HTML = format_html(
    '<span class="freshness stale"><strong>{}</strong> never checked</span>', "Stale:"
)


@register.simple_tag(takes_context=True)
def freshness(context, checked_on, stale_only=False):
    """When a figure was last checked ("checked 2 Jul 2026"), flagged stale when that is
    before the page's ``stale_before`` or never; ``stale_only`` shows the flag alone."""
    return freshness_html(checked_on, context.get("stale_before"), stale_only=stale_only)


def freshness_html(checked_on, stale_before, stale_only=False):
    """``{% freshness %}`` for a page whose stale figures are those checked before
    ``stale_before`` (None: none is)."""
    if not checked_on:
        return NEVER_CHECKED_HTML
    if stale_before and checked_on < stale_before:
        return format_html(
            '<span class="freshness stale"><strong>Stale:</strong> last checked {}</span>',
            day(checked_on),
        )
    if stale_only:
        return ""
    return format_html('<span class="freshness">checked {}</span>', day(checked_on))


@register.filter
def route_kind(route):
    """What a route is when it is not billed per token (free tier, plan, local run), after
    its provider's name; nothing for an ordinary paid route."""
    if route.is_billable:
        return ""
    return format_html(' <span class="route-kind">{}</span>', route.route_kind_label)


@register.simple_tag
def provenance(url, on, note="", label="source", verb="checked", compact=False):
    """Where a figure comes from and when: its source's link (or "source unknown"), the
    source's note (in a phone-friendly title and for screen readers when ``compact``), then
    "checked 2 Jul 2026" (``verb`` and the date), or "date unknown"."""
    title = format_html(' title="{}"', note) if compact and note else ""
    if url:
        source = format_html(
            '<a href="{}" rel="nofollow noopener"{}>{}</a>', url, title, label or "source"
        )
    else:
        source = format_html('<span class="unknown"{}>source unknown</span>', title)
    if not note:
        noted = ""
    elif compact:
        noted = format_html('<span class="visually-hidden"> ({})</span>', note)
    else:
        noted = format_html(' <span class="source-note">({})</span>', note)
    if on:
        when = format_html("{} {}", verb or "checked", day(on))
    else:
        when = SafeString('<span class="unknown">date unknown</span>')
    return format_html("{}{}, {}", source, noted, when)
