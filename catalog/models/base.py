"""What every catalogue model shares: money and token limits, review and route-kind
vocabularies, the import bookkeeping (``Imported``), slugs, and the catalogue version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.text import slugify

# Prices per 1M tokens: 10 digits each side of the point, so tiny per-token prices keep
# their precision (1e-16 USD per token) and no price rounds to 0.
MONEY = {"max_digits": 20, "decimal_places": 10, "null": True, "blank": True}
# A percentage such as a batch discount (0.00 to 100.00).
PERCENT = {"max_digits": 5, "decimal_places": 2, "null": True}
# The smallest step and the largest price those columns hold: every reader of a price (a
# source, a visitor's report, a filter) takes these limits, so what it accepts can be stored.
PRICE_STEP = Decimal(1).scaleb(-MONEY["decimal_places"])
MAX_PRICE = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"]) - PRICE_STEP
# The largest token count a (positive) integer column holds.
MAX_TOKENS = 2_147_483_647
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def validate_slug_has_no_vs(value: str) -> None:
    if "-vs-" in value:
        raise ValidationError("A slug must not contain “-vs-”: comparison URLs use it.")


def no_vs_in_slug(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(slug__contains="-vs-"),
        name=f"{name}_slug_has_no_vs",
        violation_error_message="A slug must not contain “-vs-”: comparison URLs use it.",
    )


# A model's stored route summary (catalog.route_summary) holds until the day before this
# date: a row not computed yet (the default) never holds, one with no date ahead always does.
SUMMARY_NEVER_COMPUTED = dt.date.min
SUMMARY_HOLDS_FOREVER = dt.date.max

# Sorts an offering of the lab's own API before equally priced ones elsewhere.
FIRST_PARTY_FIRST = Case(When(provider__kind="first-party", then=0), default=1)


class ReviewStatus(models.TextChoices):
    """Whether editors let a row an import brought reach the public pages."""

    ACCEPTED = "accepted", "Accepted"
    PENDING = "pending", "Waiting for review"
    REJECTED = "rejected", "Rejected"


def review_status_field() -> models.CharField:
    return models.CharField(
        max_length=10,
        choices=ReviewStatus,
        default=ReviewStatus.ACCEPTED,
        db_index=True,
        help_text="Only accepted rows appear on public pages; imports bring new ones as pending.",
    )


class RouteKind(models.TextChoices):
    """How a provider (or one of its routes) sells access to a model."""

    FIRST_PARTY = "first-party", "First-party API"
    CLOUD = "cloud", "Cloud platform"
    INFERENCE_HOST = "inference-host", "Inference host"
    AGGREGATOR = "aggregator", "Gateway / reseller"
    FREE_TIER = "free-tier", "Free tier or trial"
    SUBSCRIPTION = "subscription", "Subscription / plan"
    LOCAL = "local", "Local"


# Routes billed per token: only these may be a model's cheapest route or feed a monthly cost.
BILLABLE_KINDS = frozenset(
    {RouteKind.FIRST_PARTY, RouteKind.CLOUD, RouteKind.INFERENCE_HOST, RouteKind.AGGREGATOR}
)
IS_BILLABLE = Q(kind__in=BILLABLE_KINDS) | Q(kind="", provider__kind__in=BILLABLE_KINDS)


def batch_price(price: Decimal | None, discount_percent: Decimal | None) -> Decimal | None:
    """A price through the provider's batch API; unknown unless both figures are known."""
    if price is None or discount_percent is None:
        return None
    return price * (Decimal(100) - discount_percent) / Decimal(100)


def stale_before(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.STALE_AFTER_DAYS)


class Imported(models.Model):
    """Bookkeeping that lets importers respect editors (see catalog/importers/README.md).

    ``imported_values`` holds, per field (or child key), the value the last load or import
    set and, under "@by", which source set it. A loader only changes a value that still
    equals what was last set (so an editor's later edit is kept) and never one listed in
    ``locked_fields`` (the rule: ``catalog.importers.bookkeeping.decide``).
    """

    locked_fields = ArrayField(
        models.CharField(max_length=60),
        default=list,
        blank=True,
        help_text="Field names importers must never change (e.g. input_usd_per_mtok).",
    )
    imported_values = models.JSONField(default=dict, blank=True, editable=False)
    import_source = models.CharField(max_length=200, blank=True, editable=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


# ``Imported``'s columns: no public page reads them, and they are most of a row's bytes (a
# model's ``imported_values`` alone is ~1.4 KB of JSON to fetch and decode).
BOOKKEEPING_FIELDS = ("locked_fields", "imported_values", "import_source", "imported_at")


def without_bookkeeping(queryset: models.QuerySet, *related: str) -> models.QuerySet:
    """``queryset`` deferring the import bookkeeping of its rows (when they have it) and of
    the rows it selects along the ``related`` paths (``select_related`` names). For pages
    that only show rows: reading a deferred field costs a query (pinned in tests)."""
    own = [""] if issubclass(queryset.model, Imported) else []
    return queryset.defer(
        *(f"{path}{name}" for path in own for name in BOOKKEEPING_FIELDS),
        *(f"{path}__{name}" for path in related for name in BOOKKEEPING_FIELDS),
    )


class SlugModel(Imported):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, validators=[validate_slug_has_no_vs])

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class AbstractFaqEntry(models.Model):
    """An editor-written question and its Markdown answer, in the order editors set: the
    fields and ordering of a model's or the site's FAQ entry (``FaqEntry``) and of a curated
    comparison's (``ComparisonFaqEntry``). Pages show both through ``catalog.faq``."""

    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["position", "question"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class CatalogueVersion(models.Model):
    """One row: a number every catalogue write bumps (``catalog.version``).

    Pages, feeds and open data derive their ETag, Last-Modified and server-side cache keys
    from it, so one cheap read tells whether anything published may have changed.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_catalogue_version")]

    def __str__(self) -> str:
        return f"Catalogue version {self.number}"
