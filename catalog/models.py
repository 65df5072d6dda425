"""The catalogue: labs, models, licenses, capabilities, providers, offerings, benchmarks.

Unknown is not No: every figure nobody has sourced is NULL (or, for capabilities, an
explicit "unknown"), and pages show it as unknown, never as "No" or 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from catalog.formatting import format_last_listed, format_setting

# Prices per 1M tokens: 10 digits each side of the point, so tiny per-token prices keep
# their precision (1e-16 USD per token) and no price rounds to 0.
MONEY = {"max_digits": 20, "decimal_places": 10, "null": True, "blank": True}
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


class Lab(SlugModel):
    website = models.URLField(blank=True)
    country = models.CharField(max_length=80, blank=True)
    description = models.TextField(blank=True)

    class Meta(SlugModel.Meta):
        constraints = [no_vs_in_slug("lab")]

    def get_absolute_url(self) -> str:
        return reverse("catalog:lab-detail", args=[self.slug])


class ModelFamily(SlugModel):
    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="families")
    description = models.TextField(blank=True)

    class Meta(SlugModel.Meta):
        verbose_name_plural = "model families"
        constraints = [no_vs_in_slug("modelfamily")]

    def get_absolute_url(self) -> str:
        return f"{self.lab.get_absolute_url()}#family-{self.slug}"


class License(SlugModel):
    class Openness(models.TextChoices):
        OPEN_SOURCE = "open-source", "Open source"
        OPEN_WEIGHTS = "open-weights", "Open weights"
        PROPRIETARY = "proprietary", "Proprietary"

    class CommercialUse(models.TextChoices):
        ALLOWED = "allowed", "Commercial use allowed"
        CONDITIONS = "conditions", "Commercial use with conditions"
        NOT_ALLOWED = "not-allowed", "Commercial use not allowed"

    spdx_id = models.CharField("SPDX id", max_length=80, blank=True)
    osi_approved = models.BooleanField("OSI approved", default=False)
    openness = models.CharField(max_length=20, choices=Openness)
    commercial_use = models.CharField(max_length=20, choices=CommercialUse)
    url = models.URLField(blank=True)

    class Meta(SlugModel.Meta):
        constraints = [
            no_vs_in_slug("license"),
            models.UniqueConstraint(
                fields=["spdx_id"], condition=~Q(spdx_id=""), name="license_unique_spdx_id"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("catalog:model-list") + f"?license={self.slug}"


class Capability(SlugModel):
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta(SlugModel.Meta):
        verbose_name_plural = "capabilities"
        ordering = ["position", "name"]
        constraints = [no_vs_in_slug("capability")]

    def get_absolute_url(self) -> str:
        return reverse("catalog:model-list") + f"?capability={self.slug}"


class UseCase(SlugModel):
    """A "decision fit" tag: Coding, RAG, Agents, Long context, Classification, Vision..."""

    position = models.PositiveSmallIntegerField(default=100)

    class Meta(SlugModel.Meta):
        ordering = ["position", "name"]
        constraints = [no_vs_in_slug("usecase")]


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"


class LanguageModelQuerySet(models.QuerySet):
    def published(self) -> LanguageModelQuerySet:
        return self.filter(is_published=True, review_status=ReviewStatus.ACCEPTED)

    def with_details(self) -> LanguageModelQuerySet:
        """Everything a model's page or a comparison shows, in a fixed number of queries."""
        return self.select_related("lab", "family", "license", "successor").prefetch_related(
            "use_cases",
            "sources",
            models.Prefetch(
                "capability_statuses",
                queryset=ModelCapability.objects.select_related("capability"),
            ),
            models.Prefetch(
                "offerings",
                queryset=Offering.objects.live().select_related("provider").cheapest_first(),
            ),
        )

    def with_cheapest_route(self) -> LanguageModelQuerySet:
        """Annotate the cheapest route (``catalog.routes``: lowest blended price among live,
        billable routes with both prices documented; ties: the lab's own API, then provider
        slug): ``cheapest_input_usd_per_mtok``, ``cheapest_output_usd_per_mtok``,
        ``cheapest_provider_name`` and its ``blended_usd_per_mtok``. Free tiers, plans and
        local routes are never the cheapest, and a retired model has none: it shows the price
        it was last listed at instead (``with_last_listed_price``, annotated here too).
        """
        from catalog.routes import cheapest_route_sql

        live = Offering.objects.live()
        routes = Offering.objects.filter(model=OuterRef("pk")).live()
        return self.with_last_listed_price().annotate(
            cheapest_input_usd_per_mtok=cheapest_route_sql(live, "input_usd_per_mtok"),
            cheapest_output_usd_per_mtok=cheapest_route_sql(live, "output_usd_per_mtok"),
            cheapest_provider_name=cheapest_route_sql(live, "provider__name"),
            blended_usd_per_mtok=cheapest_route_sql(live, "list_usd_per_mtok"),
            offering_count=Coalesce(
                Subquery(
                    routes.order_by().values("model").annotate(n=models.Count("pk")).values("n")
                ),
                0,
            ),
        )

    def with_last_listed_price(self) -> LanguageModelQuerySet:
        """Annotate the price a model was last listed at (``last_listed_*``): what a retired
        model shows instead of a current route, a cheapest route or a monthly cost."""
        listed = Offering.objects.filter(model=OuterRef("pk")).last_listed_first()
        return self.annotate(
            last_listed_input_usd_per_mtok=Subquery(listed.values("input_usd_per_mtok")[:1]),
            last_listed_output_usd_per_mtok=Subquery(listed.values("output_usd_per_mtok")[:1]),
            last_listed_provider_name=Subquery(listed.values("provider__name")[:1]),
        )

    def stale(self, today: dt.date | None = None) -> LanguageModelQuerySet:
        cutoff = stale_before(today)
        return self.filter(Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=cutoff))

    def open_weights(self) -> LanguageModelQuerySet:
        return self.exclude(license__openness=License.Openness.PROPRIETARY).filter(
            license__isnull=False
        )

    def search(self, query: str) -> LanguageModelQuerySet:
        """Models matching ``query`` (full text + trigram), best match first."""
        from catalog.search import search_models

        return search_models(self, query)

    def served_by(self, provider: Provider) -> LanguageModelQuerySet:
        """Models the provider serves on a live (not retired) offering."""
        return self.filter(
            models.Exists(Offering.objects.live().filter(model=OuterRef("pk"), provider=provider))
        )

    def with_capabilities(self, capabilities) -> LanguageModelQuerySet:
        """Models where every one of ``capabilities`` (objects or slugs) is a sourced "yes"."""
        queryset = self
        for capability in capabilities:
            which = (
                Q(capability__slug=capability)
                if isinstance(capability, str)
                else Q(capability=capability)
            )
            queryset = queryset.filter(
                models.Exists(
                    ModelCapability.objects.filter(
                        which, model=OuterRef("pk"), support=ModelCapability.Support.YES
                    )
                )
            )
        return queryset

    def with_score_on(self, benchmark: Benchmark | None) -> LanguageModelQuerySet:
        """Annotate ``headline_score``: the model's best result on ``benchmark``, in the
        setting the benchmark ranks on."""
        if benchmark is None:
            return self.annotate(headline_score=models.Value(None, models.DecimalField()))
        results = BenchmarkResult.objects.filter(
            model=OuterRef("pk"), benchmark=benchmark, setting=benchmark.ranked_setting
        )
        best = results.order_by("-score" if benchmark.higher_is_better else "score")
        return self.annotate(headline_score=Subquery(best.values("score")[:1]))


def lifecycle_is_retired(
    lifecycle: str, retires_on: dt.date | None, today: dt.date | None = None
) -> bool:
    """A model is retired once its lifecycle says so or its retirement date has come."""
    today = today or timezone.localdate()
    return lifecycle == "retired" or (retires_on is not None and retires_on <= today)


class LanguageModel(Imported):
    class Lifecycle(models.TextChoices):
        ACTIVE = "active", "Active"
        DEPRECATED = "deprecated", "Deprecated"
        RETIRED = "retired", "Retired"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, validators=[validate_slug_has_no_vs])
    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="models")
    family = models.ForeignKey(
        ModelFamily, on_delete=models.SET_NULL, null=True, blank=True, related_name="models"
    )
    family_position = models.PositiveSmallIntegerField(
        default=100, help_text="Order within the family, most capable first."
    )
    release_date = models.DateField(null=True, blank=True)
    knowledge_cutoff = models.CharField(
        max_length=10, blank=True, help_text="YYYY-MM or YYYY-MM-DD, as the model card gives it."
    )
    context_window_tokens = models.PositiveIntegerField(null=True, blank=True)
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    total_parameters_b = models.DecimalField(
        "total parameters (billions)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    active_parameters_b = models.DecimalField(
        "active parameters (billions)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For mixture-of-experts models: parameters active per token.",
    )
    architecture = models.CharField(max_length=120, blank=True)
    license = models.ForeignKey(
        License, on_delete=models.PROTECT, null=True, blank=True, related_name="models"
    )
    input_modalities = ArrayField(
        models.CharField(max_length=10, choices=Modality), default=list, blank=True
    )
    output_modalities = ArrayField(
        models.CharField(max_length=10, choices=Modality), default=list, blank=True
    )
    capabilities = models.ManyToManyField(
        Capability, through="ModelCapability", related_name="models", blank=True
    )
    use_cases = models.ManyToManyField(UseCase, related_name="models", blank=True)
    best_for = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True, help_text="One or two plain sentences.")
    body = models.TextField(blank=True, help_text="Long editorial body in Markdown.")
    lifecycle = models.CharField(max_length=12, choices=Lifecycle, default=Lifecycle.ACTIVE)
    deprecated_on = models.DateField(null=True, blank=True)
    retires_on = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="predecessors"
    )
    weights_url = models.URLField(blank=True)
    source_url = models.URLField(
        blank=True, help_text="Main source of this model's facts (usually the model card)."
    )
    is_published = models.BooleanField("published", default=False)
    review_status = review_status_field()
    last_reviewed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by catalog.search.refresh_search_index (never edited): what search matches.
    search_name = models.TextField(blank=True, default="", editable=False)
    search_slug = models.TextField(blank=True, default="", editable=False)
    search_keys = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    search_document = SearchVectorField(null=True, editable=False)

    objects = LanguageModelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            no_vs_in_slug("languagemodel"),
            models.CheckConstraint(
                condition=Q(context_window_tokens__isnull=True) | Q(context_window_tokens__gt=0),
                name="languagemodel_context_window_positive",
                violation_error_message="The context window must be a positive number of tokens.",
            ),
            models.CheckConstraint(
                condition=Q(max_output_tokens__isnull=True) | Q(max_output_tokens__gt=0),
                name="languagemodel_max_output_positive",
                violation_error_message="Max output must be a positive number of tokens.",
            ),
            models.CheckConstraint(
                condition=Q(total_parameters_b__isnull=True) | Q(total_parameters_b__gt=0),
                name="languagemodel_total_parameters_positive",
                violation_error_message="The parameter count must be positive.",
            ),
            models.CheckConstraint(
                condition=Q(active_parameters_b__isnull=True)
                | Q(total_parameters_b__isnull=True)
                | Q(active_parameters_b__lte=F("total_parameters_b")),
                name="languagemodel_active_within_total_parameters",
                violation_error_message="Active parameters cannot exceed total parameters.",
            ),
            models.CheckConstraint(
                condition=Q(retires_on__isnull=True)
                | Q(deprecated_on__isnull=True)
                | Q(retires_on__gte=F("deprecated_on")),
                name="languagemodel_retires_after_deprecation",
                violation_error_message="Retirement cannot come before deprecation.",
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="languagemodel_not_own_successor",
                violation_error_message="A model cannot succeed itself.",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_published_is_accepted",
                violation_error_message="Only an accepted model can be published: "
                "accept it in the review queue first.",
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "release_date"]),
            GinIndex(fields=["search_document"], name="languagemodel_search_document"),
            GinIndex(
                OpClass(F("search_name"), name="gin_trgm_ops"), name="languagemodel_search_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:model-detail", args=[self.slug])

    def clean(self) -> None:
        if self.family_id and self.lab_id and self.family.lab_id != self.lab_id:
            raise ValidationError({"family": "The family belongs to another lab."})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": "A model cannot succeed itself."})

    @property
    def openness(self) -> str | None:
        return self.license.openness if self.license else None

    @property
    def is_retired(self) -> bool:
        """Retired, or past the retirement date its lab announced."""
        return lifecycle_is_retired(self.lifecycle, self.retires_on)

    @property
    def retirement_announced(self) -> bool:
        """A retirement date in the future is known."""
        return self.retires_on is not None and not self.is_retired

    @property
    def last_listed_text(self) -> str:
        """“last listed $3 / $15 (Anthropic API), retired 22 Oct 2025” (needs
        ``with_last_listed_price``)."""
        return format_last_listed(
            getattr(self, "last_listed_input_usd_per_mtok", None),
            getattr(self, "last_listed_output_usd_per_mtok", None),
            getattr(self, "last_listed_provider_name", ""),
            retired_on=self.retires_on,
        )

    @property
    def has_open_weights(self) -> bool | None:
        if self.license is None:
            return None
        return self.license.openness != License.Openness.PROPRIETARY


class ModelAlias(models.Model):
    """An API identifier of a model: a moving alias or a pinned snapshot."""

    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias (moves to the newest snapshot)"
        SNAPSHOT = "snapshot", "Pinned snapshot"
        OTHER = "other", "Other identifier"

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="aliases")
    identifier = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.ALIAS)

    class Meta:
        ordering = ["kind", "identifier"]
        verbose_name_plural = "model aliases"
        constraints = [
            models.UniqueConstraint(Lower("identifier"), name="modelalias_unique_identifier")
        ]

    def __str__(self) -> str:
        return self.identifier


class ModelCapability(models.Model):
    class Support(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNKNOWN = "unknown", "Unknown"

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="capability_statuses"
    )
    capability = models.ForeignKey(Capability, on_delete=models.CASCADE, related_name="statuses")
    support = models.CharField(max_length=8, choices=Support, default=Support.UNKNOWN)
    note = models.TextField(blank=True)
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["capability__position", "capability__name"]
        verbose_name = "capability of a model"
        verbose_name_plural = "capabilities of the model"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "capability"], name="modelcapability_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}: {self.capability} = {self.get_support_display()}"


class FactSource(models.Model):
    """Where one figure of a model came from and when it was last checked."""

    class Field(models.TextChoices):
        RELEASE_DATE = "release_date", "Release date"
        KNOWLEDGE_CUTOFF = "knowledge_cutoff", "Knowledge cutoff"
        CONTEXT_WINDOW = "context_window_tokens", "Context window"
        MAX_OUTPUT = "max_output_tokens", "Max output"
        PARAMETERS = "parameters", "Parameters"
        ARCHITECTURE = "architecture", "Architecture"
        LICENSE = "license", "License"
        MODALITIES = "modalities", "Modalities"
        CAPABILITIES = "capabilities", "Capabilities"
        LIFECYCLE = "lifecycle", "Lifecycle"

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="sources")
    field = models.CharField(max_length=40, choices=Field)
    url = models.URLField()
    checked_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["field"]
        constraints = [
            models.UniqueConstraint(fields=["model", "field"], name="factsource_unique_field")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.get_field_display()}: {self.url} ({self.checked_on})"


# Each model field and the FactSource row that vouches for it.
FACT_OF_FIELD = {
    "release_date": FactSource.Field.RELEASE_DATE,
    "knowledge_cutoff": FactSource.Field.KNOWLEDGE_CUTOFF,
    "context_window_tokens": FactSource.Field.CONTEXT_WINDOW,
    "max_output_tokens": FactSource.Field.MAX_OUTPUT,
    "total_parameters_b": FactSource.Field.PARAMETERS,
    "active_parameters_b": FactSource.Field.PARAMETERS,
    "architecture": FactSource.Field.ARCHITECTURE,
    "license": FactSource.Field.LICENSE,
    "input_modalities": FactSource.Field.MODALITIES,
    "output_modalities": FactSource.Field.MODALITIES,
    "lifecycle": FactSource.Field.LIFECYCLE,
}


class ProviderQuerySet(models.QuerySet):
    def accepted(self) -> ProviderQuerySet:
        """Providers editors accepted; ``public`` is the subset visitors see."""
        return self.filter(review_status=ReviewStatus.ACCEPTED)

    def public(self) -> ProviderQuerySet:
        """The providers a visitor may see, everywhere (list, page, sitemap, filter, open
        data): accepted, and serving a published model through an accepted route, current
        or retired (a model's page lists its retired routes too, linking their provider)."""
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

    def live(self) -> OfferingQuerySet:
        """Accepted routes that are not retired, of models that are not retired: a retired
        model's routes are never current, whatever their own status says."""
        today = timezone.localdate()
        return (
            self.accepted()
            .exclude(status=Offering.Status.RETIRED)
            .exclude(retires_on__lte=today)
            .exclude(model__lifecycle=LanguageModel.Lifecycle.RETIRED)
            .exclude(model__retires_on__lte=today)
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
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offerings")
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
    batch_discount_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    source_url = models.URLField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offering", "-effective_on", "-recorded_at"]
        get_latest_by = ["effective_on", "recorded_at"]
        # The newest changes first (catalog.price_history.price_changes) without a sort.
        indexes = [
            models.Index(fields=["-effective_on", "-recorded_at"], name="pricerecord_newest")
        ]

    def __str__(self) -> str:
        return f"{self.offering} from {self.effective_on}"


class BenchmarkSetting(models.TextChoices):
    """What produced a benchmark result. Results are only ranked against the same setting."""

    STANDARD = "standard", "Standard"
    WITH_TOOLS = "with-tools", "With tools"
    EXTENDED_THINKING = "extended-thinking", "Extended thinking"
    PARALLEL_COMPUTE = "parallel-compute", "Parallel test-time compute"
    CUSTOM_SCAFFOLD = "custom-scaffold", "Custom scaffold or agent harness"


class Benchmark(SlugModel):
    class Category(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge"
        REASONING = "reasoning", "Reasoning"
        CODING = "coding", "Coding"
        MATH = "math", "Math"
        AGENTS = "agents", "Agents and tool use"
        MULTIMODAL = "multimodal", "Multimodal"
        LONG_CONTEXT = "long-context", "Long context"
        OTHER = "other", "Other"

    category = models.CharField(max_length=20, choices=Category, default=Category.OTHER)
    metric = models.CharField(max_length=80, default="accuracy")
    unit = models.CharField(max_length=20, default="%")
    higher_is_better = models.BooleanField(default=True)
    ranked_setting = models.CharField(
        max_length=20,
        choices=BenchmarkSetting,
        default=BenchmarkSetting.STANDARD,
        help_text="Leaderboards, ranks and comparisons rank results in this setting only; "
        "results in other settings are shown labelled, never ranked with them.",
    )
    is_index = models.BooleanField(
        "independent index",
        default=False,
        help_text="An independent composite index or rating (e.g. an intelligence index), "
        "entered by editors with its source and date; comparisons show it as its own row.",
    )
    score_decimals = models.PositiveSmallIntegerField(
        "decimals in a score",
        default=1,
        validators=[MaxValueValidator(3)],
        help_text="How many decimals the benchmark's publishers report (80.9 → 1); "
        "every page shows scores on this benchmark to this precision.",
    )
    min_score = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)
    aliases = ArrayField(
        models.CharField(max_length=120),
        default=list,
        blank=True,
        help_text="Other spellings sources use, e.g. “SWE Bench Pro”.",
    )

    class Meta(SlugModel.Meta):
        constraints = [
            no_vs_in_slug("benchmark"),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True)
                | Q(max_score__isnull=True)
                | Q(min_score__lt=F("max_score")),
                name="benchmark_range_is_ordered",
                violation_error_message="The minimum score must be below the maximum score.",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("catalog:benchmark-detail", args=[self.slug])

    def clean(self) -> None:
        if self.pk and (self.min_score is not None or self.max_score is not None):
            outside = self.results.all()
            in_range = Q()
            if self.min_score is not None:
                in_range &= Q(score__gte=self.min_score)
            if self.max_score is not None:
                in_range &= Q(score__lte=self.max_score)
            if outside.exclude(in_range).exists():
                raise ValidationError("Some existing results fall outside this range.")


class BenchmarkResultQuerySet(models.QuerySet):
    def ranked(self) -> BenchmarkResultQuerySet:
        """Results in the setting their benchmark ranks on: the only ones compared."""
        return self.filter(setting=F("benchmark__ranked_setting"))


class BenchmarkResult(models.Model):
    class ReportedBy(models.TextChoices):
        LAB = "lab", "Reported by the lab"
        INDEPENDENT = "independent", "Independently measured"

    Setting = BenchmarkSetting

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, related_name="benchmark_results"
    )
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="results")
    score = models.DecimalField(max_digits=10, decimal_places=3)
    setting = models.CharField(
        max_length=20,
        choices=BenchmarkSetting,
        default=BenchmarkSetting.STANDARD,
        help_text="What produced the score; only results in the benchmark's ranked setting "
        "are ranked together.",
    )
    setting_detail = models.CharField(
        max_length=120,
        blank=True,
        help_text="E.g. the thinking budget (“64K thinking tokens”), the harness and effort "
        "(“Claude Code harness, medium effort”), a prompting style or a snapshot.",
    )
    harness = models.CharField(max_length=120, blank=True)
    reported_by = models.CharField(max_length=12, choices=ReportedBy, default=ReportedBy.LAB)
    source_url = models.URLField(blank=True)
    source_note = models.CharField(
        max_length=300, blank=True, help_text="What was consulted, e.g. the import file."
    )
    measured_on = models.DateField(null=True, blank=True)
    checked_on = models.DateField(null=True, blank=True)

    objects = BenchmarkResultQuerySet.as_manager()

    class Meta:
        ordering = ["benchmark__name", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "benchmark", "setting", "setting_detail"],
                name="benchmarkresult_unique_setting",
                violation_error_message="This model already has a result on this benchmark "
                "in this setting.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.benchmark}: {self.score}"

    @property
    def setting_label(self) -> str:
        """“Standard”, or e.g. “Extended thinking (64K thinking tokens)”."""
        return format_setting(self.get_setting_display(), self.setting_detail)

    @property
    def is_ranked(self) -> bool:
        return self.setting == self.benchmark.ranked_setting

    def clean(self) -> None:
        if self.benchmark_id is None or self.score is None:
            return
        low, high = self.benchmark.min_score, self.benchmark.max_score
        if (low is not None and self.score < low) or (high is not None and self.score > high):
            raise ValidationError(
                {"score": f"{self.benchmark} scores lie between {low} and {high}."}
            )


class FaqEntry(models.Model):
    """An editor-written question and answer, for the site FAQ or one model's page."""

    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    model = models.ForeignKey(
        LanguageModel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faq_entries",
        help_text="Leave empty for the site FAQ.",
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "question"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class ImportRun(models.Model):
    """One run of an importer: what it read, what it changed, and who ran it."""

    class Source(models.TextChoices):
        MODELS_DEV = "models.dev", "models.dev TOML tree"
        OPENROUTER = "openrouter", "OpenRouter models JSON"

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        DRY_RUN = "dry-run", "Dry run (nothing written)"
        FAILED = "failed", "Failed (rolled back)"

    source = models.CharField(max_length=20, choices=Source)
    path = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    report = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class AwaitsReview(models.Model):
    """Something waiting for an editor's decision (a visitor's correction report, a change an
    import proposes): pending until an editor accepts it (and it is applied) or rejects it,
    with who decided and when."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted and applied"
        REJECTED = "rejected", "Rejected"

    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def decide(self, status: str, user) -> None:
        """Record an editor's decision (the caller applies an accepted value first)."""
        self.status = status
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at"])

    def decided_already(self) -> str:
        """Why it cannot be decided again ("it was already accepted and applied."), or ""."""
        if self.status == self.Status.PENDING:
            return ""
        return f"it was already {self.get_status_display().lower()}."


class CorrectionReport(AwaitsReview):
    """A visitor's report that a figure is wrong, waiting for an editor's review."""

    model = models.ForeignKey(
        LanguageModel, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    capability = models.ForeignKey(
        Capability, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    benchmark_result = models.ForeignKey(
        BenchmarkResult, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    page_url = models.CharField(max_length=500, blank=True)
    field = models.CharField(max_length=60)
    current_value = models.CharField(max_length=200, blank=True)
    suggested_value = models.CharField(max_length=200)
    # As long as the URLs it may become (Offering.source_url, FactSource.url...): a report
    # is only accepted if it can be applied.
    source_url = models.URLField()
    note = models.TextField(max_length=2000, blank=True)
    client_key = models.CharField(
        max_length=64, editable=False, help_text="A hash of the client's address (rate limits)."
    )

    class Meta:
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["client_key", "created_at"])]

    def __str__(self) -> str:
        target = self.offering or self.model or self.page_url
        return f"Report #{self.pk} on {target}: “{self.suggested_value}”"


class ProposedChangeQuerySet(models.QuerySet):
    def pending(self) -> ProposedChangeQuerySet:
        return self.filter(status=ProposedChange.Status.PENDING)


class ProposedChange(AwaitsReview):
    """A value an import proposes for an existing row, waiting for an editor's decision.

    The target is exactly one of ``offering``, ``model`` or ``provider``. ``field`` is a
    field name of the target, or for a model ``capabilities.<slug>``. Values are JSON:
    decimals and dates as strings, unknown as null.
    """

    model = models.ForeignKey(
        LanguageModel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposed_changes",
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="proposed_changes"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="proposed_changes"
    )
    field = models.CharField(max_length=120)
    old_value = models.JSONField(null=True, blank=True, help_text="The value when proposed.")
    new_value = models.JSONField(null=True, blank=True)
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why it waits for review instead of applying."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="What was consulted: source, file or entry."
    )
    source_url = models.URLField(max_length=500, blank=True)
    source_date = models.DateField(
        null=True, blank=True, help_text="The date of the document consulted."
    )
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_changes",
    )

    objects = ProposedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offering__isnull=False, model__isnull=True, provider__isnull=True)
                | Q(offering__isnull=True, model__isnull=False, provider__isnull=True)
                | Q(offering__isnull=True, model__isnull=True, provider__isnull=False),
                name="proposedchange_one_target",
                violation_error_message="A proposed change targets one offering, model or "
                "provider.",
            ),
            models.UniqueConstraint(
                fields=["offering", "model", "provider", "field"],
                condition=Q(status="pending"),
                nulls_distinct=False,
                name="proposedchange_one_pending_per_field",
                violation_error_message="This field already has a change waiting for review.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.field} -> {self.new_value}"

    @property
    def target(self) -> models.Model | None:
        return self.offering or self.model or self.provider


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
