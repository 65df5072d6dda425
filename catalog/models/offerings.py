"""Providers and their routes (offerings): prices per 1M tokens, route kinds, limits and
lifecycle, and each route's price history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models.base import (
    BILLABLE_KINDS,
    FIRST_PARTY_FIRST,
    IS_BILLABLE,
    MONEY,
    NON_NEGATIVE,
    PERCENT,
    Imported,
    ReviewStatus,
    RouteKind,
    SlugModel,
    batch_price,
    no_vs_in_slug,
    review_status_field,
    stale_before,
)
from catalog.models.core import (
    Lab,
    LanguageModel,
)


class ProviderQuerySet(models.QuerySet):
    def accepted(self) -> ProviderQuerySet:
        """Providers editors accepted; ``public`` is the subset visitors see."""
        return self.filter(review_status=ReviewStatus.ACCEPTED)

    def public(self) -> ProviderQuerySet:
        """The providers a visitor may see, everywhere (list, page, sitemap, filter, open
        data): accepted, and serving a published model through an accepted route, current
        or retired (a model's page lists its retired routes too, linking their provider)."""
        # is_published alone: each provider's first route is checked by its model's key,
        # where the published-models index would be read whole for every provider (10 x).
        served = Offering.objects.accepted().filter(
            provider=models.OuterRef("pk"), model__is_published=True
        )
        return self.accepted().filter(models.Exists(served))


class Provider(SlugModel):
    Kind = RouteKind

    kind = models.CharField(max_length=20, choices=RouteKind)
    lab = models.ForeignKey(
        Lab,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="providers",
        help_text="For a first-party API: the lab that runs it.",
    )
    website = models.URLField(blank=True)
    docs_url = models.URLField("docs URL", blank=True)
    pricing_url = models.URLField("pricing URL", blank=True)
    review_status = review_status_field()

    objects = ProviderQuerySet.as_manager()

    class Meta(SlugModel.Meta):
        constraints = [no_vs_in_slug("provider")]

    def get_absolute_url(self) -> str:
        return reverse("catalog:provider-detail", args=[self.slug])


PRICE_FIELDS = (
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "cached_input_usd_per_mtok",
    "cache_write_usd_per_mtok",
    "batch_discount_percent",
)


def route_kind_of(kind: str, provider_kind: str) -> str:
    """A route's kind: its own where set, else its provider's."""
    return kind or provider_kind


class RouteFacts:
    """What a route's kind means for its prices (shared by Offering and RouteSnapshot).

    A $0 price is a price only on a free-tier route with a source: the provider documents
    it as free. Elsewhere a $0 is not a documented price and pages show it as unknown.
    """

    kind: str
    source_url: str
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None
    cached_input_usd_per_mtok: Decimal | None

    @property
    def route_kind(self) -> str:
        return route_kind_of(self.kind, self.provider_kind)

    @property
    def route_kind_label(self) -> str:
        return RouteKind(self.route_kind).label if self.route_kind in RouteKind.values else ""

    @property
    def is_billable(self) -> bool:
        return self.route_kind in BILLABLE_KINDS

    @property
    def is_first_party(self) -> bool:
        return self.provider_kind == RouteKind.FIRST_PARTY

    def documented_price(self, price: Decimal | None) -> Decimal | None:
        if price == 0 and not (self.route_kind == RouteKind.FREE_TIER and self.source_url):
            return None
        return price

    @property
    def shown_input_usd_per_mtok(self) -> Decimal | None:
        return self.documented_price(self.input_usd_per_mtok)

    @property
    def shown_output_usd_per_mtok(self) -> Decimal | None:
        return self.documented_price(self.output_usd_per_mtok)

    @property
    def shown_cached_input_usd_per_mtok(self) -> Decimal | None:
        return self.documented_price(self.cached_input_usd_per_mtok)


class OfferingQuerySet(models.QuerySet):
    def accepted(self) -> OfferingQuerySet:
        """Routes editors accepted, of accepted providers: the only ones public pages show."""
        return self.filter(
            review_status=ReviewStatus.ACCEPTED, provider__review_status=ReviewStatus.ACCEPTED
        )

    def of_published_models(self) -> OfferingQuerySet:
        """Routes of published models. Publishing implies acceptance (a constraint); saying
        both lets PostgreSQL read the published models' partial index, not the model table."""
        return self.filter(model__is_published=True, model__review_status=ReviewStatus.ACCEPTED)

    def live(self, today=None) -> OfferingQuerySet:
        """Accepted routes that are not retired, of models that are not retired: a retired
        model's routes are never current, whatever their own status says. ``today`` is the
        local date unless given (an expression: ``catalog.compiled.Given``)."""
        today = timezone.localdate() if today is None else today
        return (
            self.unretired(today)
            .exclude(model__lifecycle=LanguageModel.Lifecycle.RETIRED)
            .exclude(model__retires_on__lte=today)
        )

    def unretired(self, today=None) -> OfferingQuerySet:
        """``live()`` without its model's half: accepted routes that are not retired, for a
        query that checks the model itself (``LanguageModelQuerySet.served_by``) rather than
        joining it once per route."""
        today = timezone.localdate() if today is None else today
        return (
            self.accepted().exclude(status=Offering.Status.RETIRED).exclude(retires_on__lte=today)
        )

    def last_listed_first(self) -> OfferingQuerySet:
        """A retired model's routes, the one whose price it was last listed at first: the
        lab's own API, else its cheapest costed route (``catalog.routes``)."""
        from catalog.routes import rank_order, ranked_sql

        return ranked_sql(self.accepted().costed()).order_by(FIRST_PARTY_FIRST, *rank_order())

    def billable(self) -> OfferingQuerySet:
        """Routes billed per token (not a free tier, subscription or local run): the only
        ones that may be a cheapest route or price a monthly cost."""
        return self.filter(IS_BILLABLE)

    def costed(self) -> OfferingQuerySet:
        """Billable routes with both prices known and not $0 (a $0 on a paid route is not a
        documented price): the routes a monthly cost and the cheapest route come from."""
        return self.billable().filter(input_usd_per_mtok__gt=0, output_usd_per_mtok__gt=0)

    def complete(self) -> OfferingQuerySet:
        """Offerings with both an input and an output price: enough to estimate a cost."""
        return self.filter(input_usd_per_mtok__isnull=False, output_usd_per_mtok__isnull=False)

    def priced(self) -> OfferingQuerySet:
        return self.filter(
            Q(input_usd_per_mtok__isnull=False) | Q(output_usd_per_mtok__isnull=False)
        )

    def stale(self, today: dt.date | None = None) -> OfferingQuerySet:
        cutoff = stale_before(today)
        return self.filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff))

    def per_provider(self) -> dict[int, tuple[int, Decimal | None]]:
        """Each provider's count of models among these routes and its lowest input price, in
        one query. Grouping by provider and model, then by provider, is two hash aggregates;
        ``COUNT(DISTINCT model)`` sorted every route (6 times slower at 100,000 routes)."""
        by_model = (
            self.order_by()
            .values("provider_id", "model_id")
            .annotate(low=models.Min("input_usd_per_mtok"))
        )
        sql, params = by_model.query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                "SELECT provider_id, count(*), min(low) "
                f"FROM ({sql}) AS routes GROUP BY provider_id",
                params,
            )
            return {provider: (count, low) for provider, count, low in cursor.fetchall()}

    def cheapest_first(self) -> OfferingQuerySet:
        """Routes cheapest first by ``catalog.routes``' measure and tie-break: priced billable
        routes by blended price, then the others (free tiers, plans, local routes, missing
        prices), the lab's own API first, then by provider slug."""
        from catalog.routes import ranked_sql

        return ranked_sql(self)


class Offering(RouteFacts, Imported):
    """A provider serving a model at a price (the seed pages' "provider route")."""

    class Status(models.TextChoices):
        GA = "ga", "Generally available"
        PREVIEW = "preview", "Preview"
        DEPRECATED = "deprecated", "Deprecated"
        RETIRED = "retired", "Retired"

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="offerings")
    # Indexed by offering_provider_covering (and the unique provider + id), not on its own.
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offerings", db_index=False
    )
    provider_model_id = models.CharField("provider's model id", max_length=200)
    kind = models.CharField(
        "route kind",
        max_length=20,
        choices=RouteKind,
        blank=True,
        help_text="Leave empty for the provider's kind; set it for a free tier, plan or "
        "local route of a provider that otherwise bills per token.",
    )
    input_usd_per_mtok = models.DecimalField(
        "input (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    output_usd_per_mtok = models.DecimalField(
        "output (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    cached_input_usd_per_mtok = models.DecimalField(
        "cached input (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    cache_write_usd_per_mtok = models.DecimalField(
        "cache write (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    batch_discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Discount of the provider's batch API on input and output prices, e.g. 50.",
    )
    long_context_threshold_tokens = models.PositiveIntegerField(
        null=True, blank=True, help_text="Prompts longer than this are billed at the tier below."
    )
    long_context_input_usd_per_mtok = models.DecimalField(
        "long-context input (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    long_context_output_usd_per_mtok = models.DecimalField(
        "long-context output (USD / 1M tokens)", validators=NON_NEGATIVE, **MONEY
    )
    context_window_tokens = models.PositiveIntegerField(
        null=True, blank=True, help_text="Only where it differs from the model's."
    )
    max_output_tokens = models.PositiveIntegerField(
        null=True, blank=True, help_text="Only where it differs from the model's."
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.GA)
    deprecated_on = models.DateField(null=True, blank=True)
    retires_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(blank=True, help_text="Where to check: the upstream page.")
    source_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What was consulted, e.g. “models.dev snapshot of 2026-07-02: "
        "providers/anthropic/models/claude-haiku-4-5.toml”.",
    )
    last_verified_on = models.DateField(
        null=True, blank=True, help_text="The date of the document consulted."
    )
    review_status = review_status_field()
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["model__name", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_model_id"], name="offering_unique_provider_model_id"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"offering_{field}_non_negative",
                    violation_error_message="Prices cannot be negative.",
                )
                for field in (
                    "input_usd_per_mtok",
                    "output_usd_per_mtok",
                    "cached_input_usd_per_mtok",
                    "cache_write_usd_per_mtok",
                    "long_context_input_usd_per_mtok",
                    "long_context_output_usd_per_mtok",
                )
            ],
            models.CheckConstraint(
                condition=Q(batch_discount_percent__isnull=True)
                | Q(batch_discount_percent__gte=0, batch_discount_percent__lte=100),
                name="offering_batch_discount_is_a_percentage",
                violation_error_message="The batch discount is a percentage between 0 and 100.",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": 0}),
                    name=f"offering_{field}_positive",
                    violation_error_message="Token limits must be positive.",
                )
                for field in (
                    "context_window_tokens",
                    "max_output_tokens",
                    "long_context_threshold_tokens",
                )
            ],
        ]
        indexes = [
            # A provider's routes of published models, counted or listed (its page, the
            # providers list): an index-only scan of its routes, not a visit to each wide row.
            models.Index(
                fields=["provider"],
                include=["model", "status", "retires_on", "review_status", "input_usd_per_mtok"],
                name="offering_provider_covering",
            ),
            # Every column a model's cheapest route reads (catalog.routes, live()): its
            # per-model subquery is then an index-only scan, not a visit to each wide row.
            models.Index(
                fields=["model"],
                include=[
                    "provider",
                    "kind",
                    "status",
                    "retires_on",
                    "review_status",
                    "input_usd_per_mtok",
                    "output_usd_per_mtok",
                    "cached_input_usd_per_mtok",
                    "batch_discount_percent",
                ],
                name="offering_route_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.provider}"

    def get_absolute_url(self) -> str:
        return f"{self.model.get_absolute_url()}#pricing"

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_prices = instance.price_snapshot()
        instance._loaded_model_id = instance.__dict__.get("model_id")  # catalog.route_summary
        return instance

    def price_snapshot(self) -> dict[str, Decimal | None]:
        return {
            field: (None if value is None else Decimal(value))
            for field in PRICE_FIELDS
            if (value := self.__dict__.get(field, ...)) is not ...
        }

    @property
    def provider_kind(self) -> str:
        return self.provider.kind

    @property
    def provider_slug(self) -> str:
        return self.provider.slug

    def batch_price(self, price: Decimal | None) -> Decimal | None:
        return batch_price(price, self.batch_discount_percent)

    @property
    def batch_input_usd_per_mtok(self) -> Decimal | None:
        return self.batch_price(self.shown_input_usd_per_mtok)

    @property
    def batch_output_usd_per_mtok(self) -> Decimal | None:
        return self.batch_price(self.shown_output_usd_per_mtok)

    def save(self, *args, **kwargs):
        """Save, and record the prices in the offering's price history when they changed.

        The record is dated today unless the caller sets ``price_effective_on`` (importers
        do, with the date their source gives).
        """
        current = self.price_snapshot()
        changed = getattr(self, "_loaded_prices", None) != current
        super().save(*args, **kwargs)
        if changed:
            self.price_record(
                effective_on=getattr(self, "price_effective_on", None) or timezone.localdate()
            ).save()
            self._loaded_prices = current

    def price_record(self, *, effective_on: dt.date) -> PriceRecord:
        """The (unsaved) price history record of the current prices: the one place every
        path that changes prices (admin, loader, importers) builds it."""
        return PriceRecord(
            offering=self,
            effective_on=effective_on,
            source_url=self.source_url,
            **{field: getattr(self, field) for field in PRICE_FIELDS},
        )


class PriceRecord(models.Model):
    """One set of prices an offering had, from ``effective_on`` until the next record."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="price_history")
    effective_on = models.DateField()
    input_usd_per_mtok = models.DecimalField(**MONEY)
    output_usd_per_mtok = models.DecimalField(**MONEY)
    cached_input_usd_per_mtok = models.DecimalField(**MONEY)
    cache_write_usd_per_mtok = models.DecimalField(**MONEY)
    batch_discount_percent = models.DecimalField(blank=True, **PERCENT)
    source_url = models.URLField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Whether it changed the input or output price of the route's previous record: stored
    # by catalog.price_history.refresh_price_changes, never set by hand.
    changes_price = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["offering", "-effective_on", "-recorded_at"]
        get_latest_by = ["effective_on", "recorded_at"]
        # The newest changes first (catalog.price_history.price_changes), and only them.
        indexes = [
            models.Index(
                fields=["-effective_on", "-recorded_at", "-id"],
                condition=models.Q(changes_price=True),
                name="pricerecord_changes_newest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering} from {self.effective_on}"
