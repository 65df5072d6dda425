"""Each model's route summary, stored on the model and computed here, in one SQL statement.

What list pages and profiles print of a model's routes is stored on ``LanguageModel``
instead of being ranked again for every request:

- its cheapest route by ``catalog.routes``' one ranking over its live routes
  (``cheapest_offering`` and that route's ``route_input/output_usd_per_mtok``,
  ``route_provider_name``, ``route_blended_usd_per_mtok``), and ``live_route_count``, how many
  live routes it has;
- the price it was last listed at, what a retired model shows (``listed_*``: the lab's own
  API, else its cheapest costed route, current or not);
- ``route_summary_until``: the first date the summary no longer holds. Live routes depend on
  the day (``Offering.objects.live()`` drops a route or a model on its ``retires_on``), so a
  summary holds until the earliest future ``retires_on`` among its routes and the model.

Readers never read those columns directly: ``LanguageModel.objects.with_cheapest_route()``
and ``with_last_listed_price()`` annotate the names pages use (``cheapest_*``,
``blended_usd_per_mtok``, ``offering_count``, ``last_listed_*``) from them. While every
summary holds (the earliest ``route_summary_until``, read with the catalogue version each
request reads anyway, is after today) that is a plain column read; once one has expired,
the expired ones are computed with the SQL twin (``catalog.routes.cheapest_route_sql``)
until ``manage.py refresh_route_summaries`` (daily, from cron) stores them again. A GET
never writes.

Kept current on every write, through ``catalog.version``'s pending change:

- saving or deleting an offering, a model (its lifecycle or retirement date) or a provider
  (its name, slug, kind or review status) notes the models concerned (:func:`note_write`);
  their summaries are rewritten once the transaction commits, just before the catalogue
  version is bumped, and before a read inside the transaction that wrote them;
- bulk writes (imports, the bundled loader, ``benchmarks/scale.py``) call
  ``bump_catalogue_version()``, which rewrites every model's summary in the transaction;
- a merge notes both models (it moves routes with ``QuerySet.update``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.postgres.aggregates import BoolAnd
from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.db.models.signals import post_save
from django.utils import timezone

# The names readers use (with_cheapest_route) and the column each is stored in.
CHEAPEST_COLUMNS = {
    "cheapest_input_usd_per_mtok": "route_input_usd_per_mtok",
    "cheapest_output_usd_per_mtok": "route_output_usd_per_mtok",
    "cheapest_provider_name": "route_provider_name",
    "blended_usd_per_mtok": "route_blended_usd_per_mtok",
    "offering_count": "live_route_count",
}
# What bounds a month of traffic on the model's routes (comparisons.pricing.cost_page): its
# cheapest route's cached-input price and batch discount, and over its priced live routes
# (as catalog.routes prices them) the least and the greatest of each price and discount.
BOUND_COLUMNS = {
    "cheapest_cached_input_usd_per_mtok": "route_cached_input_usd_per_mtok",
    "cheapest_batch_discount_percent": "route_batch_discount_percent",
    "least_input_usd_per_mtok": "route_least_input_usd_per_mtok",
    "least_output_usd_per_mtok": "route_least_output_usd_per_mtok",
    "least_cached_input_usd_per_mtok": "route_least_cached_input_usd_per_mtok",
    "most_batch_discount_percent": "route_most_batch_discount_percent",
    "most_input_usd_per_mtok": "route_most_input_usd_per_mtok",
    "most_output_usd_per_mtok": "route_most_output_usd_per_mtok",
    "most_cached_input_usd_per_mtok": "route_most_cached_input_usd_per_mtok",
    "least_batch_discount_percent": "route_least_batch_discount_percent",
    # ... and what bounds a figure of its cheapest route at any traffic (comparisons.pricing
    # .figure_bounds): the least and greatest of the other figures a page sorts by, and
    # whether every priced live route has each figure that a route may lack.
    "least_cache_write_usd_per_mtok": "route_least_cache_write_usd_per_mtok",
    "most_cache_write_usd_per_mtok": "route_most_cache_write_usd_per_mtok",
    "least_provider_name": "route_least_provider_name",
    "most_provider_name": "route_most_provider_name",
    "every_cached_input": "route_every_cached_input",
    "every_cache_write": "route_every_cache_write",
    "every_batch_discount": "route_every_batch_discount",
    "cheapest_cache_write_usd_per_mtok": "route_cache_write_usd_per_mtok",
}
# What bounds the month of its cheapest route's rivals from below (comparisons.pricing
# .figure_bounds): the least prices and greatest discount over its priced live routes whose
# prices or discount differ from that route's; and the least prices over those whose
# prices differ (its rivals at traffic with no cached input or batching). A route the same
# as the cheapest in what a traffic reads costs the same at it and ranks after it
# (catalog.routes' tie-break), so where the cheapest route's month is under the rivals'
# bound, it is the cheapest at that traffic too; none where it has no rival. Bounds, not
# figures: a summary past its date reads the bound that says nothing (none costs under $0).
RIVAL_COLUMNS = {
    "rival_least_input_usd_per_mtok": "route_rival_least_input_usd_per_mtok",
    "rival_least_output_usd_per_mtok": "route_rival_least_output_usd_per_mtok",
    "rival_least_cached_input_usd_per_mtok": "route_rival_least_cached_input_usd_per_mtok",
    "rival_most_batch_discount_percent": "route_rival_most_batch_discount_percent",
    "price_rival_least_input_usd_per_mtok": "route_price_rival_least_input_usd_per_mtok",
    "price_rival_least_output_usd_per_mtok": "route_price_rival_least_output_usd_per_mtok",
}
# The figures a priced route may lack, each with what says every priced route has it.
EVERY_ROUTE_HAS = {
    "every_cached_input": "cached_input_usd_per_mtok",
    "every_cache_write": "cache_write_usd_per_mtok",
    "every_batch_discount": "batch_discount_percent",
}
# with_last_listed_price (what a retired model shows): the same for every day.
LISTED_COLUMNS = {
    "last_listed_input_usd_per_mtok": "listed_input_usd_per_mtok",
    "last_listed_output_usd_per_mtok": "listed_output_usd_per_mtok",
    "last_listed_provider_name": "listed_provider_name",
}
# What each write may change of a summary: other fields' saves leave it alone.
MODEL_FIELDS = {"lifecycle", "retires_on"}
PROVIDER_FIELDS = {"name", "slug", "kind", "review_status"}


# Reading -----------------------------------------------------------------------------------
def cheapest_columns() -> dict[str, models.Expression]:
    """``with_cheapest_route()``'s annotations (its last-listed price too)."""
    return summary_columns([*CHEAPEST_COLUMNS, *LISTED_COLUMNS])


def listed_columns() -> dict[str, models.Expression]:
    """``with_last_listed_price()``'s annotations."""
    return summary_columns(list(LISTED_COLUMNS))


def summary_columns(names: list[str]) -> dict[str, models.Expression]:
    """The summary's ``names`` as annotations: the stored columns while every summary holds
    today; once some have expired (or were never computed), those computed by the SQL twin."""
    from catalog.models import LanguageModel
    from catalog.version import refresh_pending_routes, routes_hold_until

    refresh_pending_routes()
    today = timezone.localdate()
    columns = {**CHEAPEST_COLUMNS, **LISTED_COLUMNS, **BOUND_COLUMNS, **RIVAL_COLUMNS}
    stored = {name: F(columns[name]) for name in names}
    until = routes_hold_until()
    if until is None or until > today:
        return stored
    expired = Q(route_summary_until__lte=today)
    computed = computed_columns()
    return {
        name: Case(
            When(expired, then=computed[name]),
            default=stored[name],
            output_field=LanguageModel._meta.get_field(columns[name]),
        )
        for name in names
    }


def computed_columns() -> dict[str, models.Expression]:
    """The summary computed per model row by the SQL twin (correlated subqueries): what a
    summary past its date is read from."""
    from catalog.models import Offering
    from catalog.routes import cheapest_route_sql, list_price_sql

    live = Offering.objects.live()
    routes = Offering.objects.filter(model=OuterRef("pk")).live().order_by()
    listed = Offering.objects.filter(model=OuterRef("pk")).last_listed_first()
    priced = routes.annotate(price=list_price_sql()).filter(price__isnull=False).values("model")

    def over_priced(aggregate) -> Subquery:
        return Subquery(priced.annotate(bound=aggregate).values("bound"))

    return {
        "cheapest_input_usd_per_mtok": cheapest_route_sql(live, "input_usd_per_mtok"),
        "cheapest_output_usd_per_mtok": cheapest_route_sql(live, "output_usd_per_mtok"),
        "cheapest_provider_name": cheapest_route_sql(live, "provider__name"),
        "blended_usd_per_mtok": cheapest_route_sql(live, "list_usd_per_mtok"),
        "offering_count": Coalesce(
            Subquery(routes.values("model").annotate(n=Count("pk")).values("n")), 0
        ),
        "last_listed_input_usd_per_mtok": Subquery(listed.values("input_usd_per_mtok")[:1]),
        "last_listed_output_usd_per_mtok": Subquery(listed.values("output_usd_per_mtok")[:1]),
        "last_listed_provider_name": Subquery(listed.values("provider__name")[:1]),
        "cheapest_cached_input_usd_per_mtok": cheapest_route_sql(live, "cached_input_usd_per_mtok"),
        "cheapest_batch_discount_percent": cheapest_route_sql(live, "batch_discount_percent"),
        "least_input_usd_per_mtok": over_priced(Min("input_usd_per_mtok")),
        "least_output_usd_per_mtok": over_priced(Min("output_usd_per_mtok")),
        "least_cached_input_usd_per_mtok": over_priced(Min("cached_input_usd_per_mtok")),
        "most_batch_discount_percent": over_priced(Max("batch_discount_percent")),
        "most_input_usd_per_mtok": over_priced(Max("input_usd_per_mtok")),
        "most_output_usd_per_mtok": over_priced(Max("output_usd_per_mtok")),
        "most_cached_input_usd_per_mtok": over_priced(Max("cached_input_usd_per_mtok")),
        "least_batch_discount_percent": over_priced(Min("batch_discount_percent")),
        "least_cache_write_usd_per_mtok": over_priced(Min("cache_write_usd_per_mtok")),
        "most_cache_write_usd_per_mtok": over_priced(Max("cache_write_usd_per_mtok")),
        "least_provider_name": over_priced(Min(Lower("provider__name"))),
        "most_provider_name": over_priced(Max(Lower("provider__name"))),
        **{name: over_priced(every_route_has(field)) for name, field in EVERY_ROUTE_HAS.items()},
        "cheapest_cache_write_usd_per_mtok": cheapest_route_sql(live, "cache_write_usd_per_mtok"),
        # the bound that says nothing (RIVAL_COLUMNS): no rival costs under $0
        **{name: Value(Decimal(0)) for name in RIVAL_COLUMNS},
        "rival_most_batch_discount_percent": Value(Decimal(100)),
    }


def every_route_has(field: str, **extra) -> BoolAnd:
    """Whether every route aggregated has ``field`` (none where there is no route)."""
    has = ExpressionWrapper(Q(**{f"{field}__isnull": False}), output_field=models.BooleanField())
    return BoolAnd(has, **extra)


# Writing -----------------------------------------------------------------------------------
def refresh_route_summaries(model_ids: Iterable[int] | None = None) -> dt.date | None:
    """Rewrite the stored route summaries of ``model_ids`` (default: every model) as of
    today, in one statement that also answers the earliest ``route_summary_until`` of all
    models afterwards (None: there are none)."""
    from catalog.models import LanguageModel

    ids = None if model_ids is None else list(model_ids)
    update, params = _refresh_statement(ids)
    table = connection.ops.quote_name(LanguageModel._meta.db_table)
    # The outer SELECT sees the table as it was before the UPDATE: the others' rows from it.
    others = f"SELECT min(route_summary_until) FROM {table}"
    if ids is not None:
        others += " WHERE NOT (id = ANY(%s))"
        params.append(ids)
    sql = (
        f"WITH fresh AS ({update} RETURNING {table}.route_summary_until) "
        f"SELECT LEAST((SELECT min(route_summary_until) FROM fresh), ({others}))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def expired_model_ids(today: dt.date | None = None) -> list[int]:
    """The models whose stored summary no longer holds today."""
    from catalog.models import LanguageModel

    today = today or timezone.localdate()
    return list(
        LanguageModel.objects.filter(route_summary_until__lte=today).values_list("pk", flat=True)
    )


def _refresh_statement(ids: list[int] | None) -> tuple[str, list]:
    """UPDATE ... FROM every model (or ``ids``) joined to its cheapest live route, its live
    route count, its last-listed route and the next date one of them retires."""
    from catalog.models import SUMMARY_HOLDS_FOREVER, LanguageModel, Offering
    from catalog.routes import cheapest_routes_sql, list_price_sql

    today = timezone.localdate()
    offerings = Offering.objects.all() if ids is None else Offering.objects.filter(model__in=ids)
    live = offerings.live()
    cheapest = cheapest_routes_sql(live).values(
        c_model=F("model_id"),
        c_offering=F("pk"),
        c_input=F("input_usd_per_mtok"),
        c_output=F("output_usd_per_mtok"),
        c_provider=F("provider__name"),
        c_blended=F("list_usd_per_mtok"),
        c_cached=F("cached_input_usd_per_mtok"),
        c_discount=F("batch_discount_percent"),
        c_cache_write=F("cache_write_usd_per_mtok"),
    )
    priced = Q(price__isnull=False)
    counts = (
        live.annotate(price=list_price_sql())
        .order_by()
        .values("model_id")
        .annotate(
            n_routes=Count("pk"),
            n_least_input=Min("input_usd_per_mtok", filter=priced),
            n_least_output=Min("output_usd_per_mtok", filter=priced),
            n_least_cached=Min("cached_input_usd_per_mtok", filter=priced),
            n_most_discount=Max("batch_discount_percent", filter=priced),
            n_most_input=Max("input_usd_per_mtok", filter=priced),
            n_most_output=Max("output_usd_per_mtok", filter=priced),
            n_most_cached=Max("cached_input_usd_per_mtok", filter=priced),
            n_least_discount=Min("batch_discount_percent", filter=priced),
            n_least_cache_write=Min("cache_write_usd_per_mtok", filter=priced),
            n_most_cache_write=Max("cache_write_usd_per_mtok", filter=priced),
            n_least_provider=Min(Lower("provider__name"), filter=priced),
            n_most_provider=Max(Lower("provider__name"), filter=priced),
            n_every_cached=every_route_has("cached_input_usd_per_mtok", filter=priced),
            n_every_cache_write=every_route_has("cache_write_usd_per_mtok", filter=priced),
            n_every_discount=every_route_has("batch_discount_percent", filter=priced),
        )
        .values(
            "model_id",
            "n_routes",
            "n_least_input",
            "n_least_output",
            "n_least_cached",
            "n_most_discount",
            "n_most_input",
            "n_most_output",
            "n_most_cached",
            "n_least_discount",
            "n_least_cache_write",
            "n_most_cache_write",
            "n_least_provider",
            "n_most_provider",
            "n_every_cached",
            "n_every_cache_write",
            "n_every_discount",
        )
    )
    listed = offerings.last_listed_first()
    listed = (
        listed.order_by("model_id", *listed.query.order_by)
        .distinct("model_id")
        .values(
            l_model=F("model_id"),
            l_input=F("input_usd_per_mtok"),
            l_output=F("output_usd_per_mtok"),
            l_provider=F("provider__name"),
        )
    )
    retiring = (
        offerings.filter(retires_on__gt=today)
        .order_by()
        .values("model_id")
        .annotate(u_until=Min("retires_on"))
        .values("model_id", "u_until")
    )
    quote = connection.ops.quote_name
    table = quote(LanguageModel._meta.db_table)
    sql = [
        f"UPDATE {table} SET cheapest_offering_id = c.c_offering, "
        "route_input_usd_per_mtok = c.c_input, route_output_usd_per_mtok = c.c_output, "
        "route_provider_name = c.c_provider, route_blended_usd_per_mtok = c.c_blended, "
        "route_cached_input_usd_per_mtok = c.c_cached, "
        "route_batch_discount_percent = c.c_discount, "
        "live_route_count = COALESCE(n.n_routes, 0), "
        "route_least_input_usd_per_mtok = n.n_least_input, "
        "route_least_output_usd_per_mtok = n.n_least_output, "
        "route_least_cached_input_usd_per_mtok = n.n_least_cached, "
        "route_most_batch_discount_percent = n.n_most_discount, "
        "route_most_input_usd_per_mtok = n.n_most_input, "
        "route_most_output_usd_per_mtok = n.n_most_output, "
        "route_most_cached_input_usd_per_mtok = n.n_most_cached, "
        "route_least_batch_discount_percent = n.n_least_discount, "
        "route_least_cache_write_usd_per_mtok = n.n_least_cache_write, "
        "route_most_cache_write_usd_per_mtok = n.n_most_cache_write, "
        "route_least_provider_name = n.n_least_provider, "
        "route_most_provider_name = n.n_most_provider, "
        "route_every_cached_input = n.n_every_cached, "
        "route_every_cache_write = n.n_every_cache_write, "
        "route_every_batch_discount = n.n_every_discount, "
        "route_cache_write_usd_per_mtok = c.c_cache_write, "
        "route_rival_least_input_usd_per_mtok = r.r_least_input, "
        "route_rival_least_output_usd_per_mtok = r.r_least_output, "
        "route_rival_least_cached_input_usd_per_mtok = r.r_least_cached, "
        "route_rival_most_batch_discount_percent = r.r_most_discount, "
        "route_price_rival_least_input_usd_per_mtok = r.r_price_least_input, "
        "route_price_rival_least_output_usd_per_mtok = r.r_price_least_output, "
        "listed_input_usd_per_mtok = l.l_input, "
        "listed_output_usd_per_mtok = l.l_output, listed_provider_name = l.l_provider, "
        "route_summary_until = COALESCE(LEAST(u.u_until, "
        "CASE WHEN t.retires_on > %s THEN t.retires_on END), %s) "
        f"FROM {table} AS t"
    ]
    params: list = [today, SUMMARY_HOLDS_FOREVER]
    for query, alias, key in (
        (cheapest, "c", "c_model"),
        (counts, "n", "model_id"),
        (listed, "l", "l_model"),
        (retiring, "u", "model_id"),
    ):
        select, select_params = query.query.sql_with_params()
        sql.append(f"LEFT JOIN ({select}) AS {alias} ON {alias}.{key} = t.id")
        params.extend(select_params)
    rivals, rival_params = _rivals_sql(live, cheapest)
    sql.append(f"LEFT JOIN ({rivals}) AS r ON r.r_model = t.id")
    params.extend(rival_params)
    sql.append(f"WHERE {table}.id = t.id")
    if ids is not None:
        sql.append("AND t.id = ANY(%s)")
        params.append(ids)
    return " ".join(sql), params


def _rivals_sql(live: QuerySet, cheapest: QuerySet) -> tuple[str, list]:
    """Each model's least prices and greatest discount over its rivals (RIVAL_COLUMNS): of
    ``live`` routes, the priced ones whose prices or discount differ from the model's
    ``cheapest`` route's; and its least prices over those whose prices differ (one row per
    model with a priced route)."""
    from catalog.routes import list_price_sql

    priced = (
        live.annotate(price=list_price_sql())
        .filter(price__isnull=False)
        .order_by()
        .values(
            p_model=F("model_id"),
            p_input=F("input_usd_per_mtok"),
            p_output=F("output_usd_per_mtok"),
            p_cached=F("cached_input_usd_per_mtok"),
            p_discount=F("batch_discount_percent"),
        )
    )
    (priced_sql, priced_params), (cheapest_sql, cheapest_params) = (
        query.query.sql_with_params() for query in (priced, cheapest)
    )
    rival = (
        "(p.p_input, p.p_output, p.p_cached, p.p_discount) IS DISTINCT FROM "
        "(c.c_input, c.c_output, c.c_cached, c.c_discount)"
    )
    price_rival = "(p.p_input, p.p_output) IS DISTINCT FROM (c.c_input, c.c_output)"
    sql = (
        f"SELECT p.p_model AS r_model, min(p.p_input) FILTER (WHERE {rival}) AS r_least_input, "
        f"min(p.p_output) FILTER (WHERE {rival}) AS r_least_output, "
        f"min(p.p_cached) FILTER (WHERE {rival}) AS r_least_cached, "
        f"max(p.p_discount) FILTER (WHERE {rival}) AS r_most_discount, "
        f"min(p.p_input) FILTER (WHERE {price_rival}) AS r_price_least_input, "
        f"min(p.p_output) FILTER (WHERE {price_rival}) AS r_price_least_output "
        f"FROM ({priced_sql}) AS p JOIN ({cheapest_sql}) AS c ON c.c_model = p.p_model "
        "GROUP BY p.p_model"
    )
    return sql, [*priced_params, *cheapest_params]


def note_write(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Receiver of post_save and post_delete of offerings, models and providers: note the
    models whose summary the write may have changed (refreshed at commit)."""
    from catalog.models import LanguageModel, Offering
    from catalog.version import routes_changed

    if raw:
        return
    touched = set(update_fields) if update_fields is not None else None
    if sender is Offering:  # the model it belongs to, and the one it was loaded with
        routes_changed({instance.model_id, getattr(instance, "_loaded_model_id", None)} - {None})
    elif sender is LanguageModel:
        saved = kwargs.get("signal") is post_save  # a deleted model has no summary to keep
        if saved and (touched is None or touched & MODEL_FIELDS):
            routes_changed([instance.pk])
    elif touched is None or touched & PROVIDER_FIELDS:
        served = Offering.objects.filter(provider=instance).order_by().values("model_id")
        routes_changed(served.distinct().values_list("model_id", flat=True))
