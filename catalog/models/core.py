"""Labs, families, licenses, capabilities, use cases and the language models themselves:
their facts, aliases, capability statuses, the sources of their figures and their FAQ."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from catalog.formatting import format_last_listed
from catalog.models.base import (
    MONEY,
    PERCENT,
    SUMMARY_NEVER_COMPUTED,
    AbstractFaqEntry,
    Imported,
    ReviewStatus,
    SlugModel,
    no_vs_in_slug,
    review_status_field,
    stale_before,
    validate_slug_has_no_vs,
)

if TYPE_CHECKING:
    from catalog.models.benchmarks import Benchmark


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


def is_open_weights() -> Q:
    """A model row's condition: its license is known and not proprietary."""
    return Q(license__isnull=False) & ~Q(license__openness=License.Openness.PROPRIETARY)


def openness_has_open_weights(openness: str | None) -> bool | None:
    """``is_open_weights`` for one model, from its license's openness (None: no license)."""
    if openness is None:
        return None
    return openness != License.Openness.PROPRIETARY


def has_capability(capability) -> Q:
    """A model row's condition: a source says "yes" to ``capability`` (object or slug)."""
    which = (
        Q(capability__slug=capability) if isinstance(capability, str) else Q(capability=capability)
    )
    return Q(
        models.Exists(
            ModelCapability.objects.filter(
                which, model=OuterRef("pk"), support=ModelCapability.Support.YES
            )
        )
    )


class LanguageModelQuerySet(models.QuerySet):
    def published(self) -> LanguageModelQuerySet:
        return self.filter(is_published=True, review_status=ReviewStatus.ACCEPTED)

    def unpublished(self) -> LanguageModelQuerySet:
        """Every model ``published()`` leaves out. Publishing implies acceptance (a
        constraint), so that is exactly the models not published: a few, read off the
        (is_published, release_date) index, where the negated pair reads the whole table."""
        return self.filter(is_published=False)

    def with_use_case_names(self) -> LanguageModelQuerySet:
        """Annotate ``use_case_names``: the names of its use cases, in their order."""
        use_cases = UseCase.objects.filter(models=OuterRef("pk")).order_by("position", "name")
        return self.annotate(use_case_names=ArraySubquery(use_cases.values("name")))

    def with_cheapest_route(self) -> LanguageModelQuerySet:
        """Annotate the cheapest route (``catalog.routes``: lowest blended price among live,
        billable routes with both prices documented; ties: the lab's own API, then provider
        slug): ``cheapest_input_usd_per_mtok``, ``cheapest_output_usd_per_mtok``,
        ``cheapest_provider_name`` and its ``blended_usd_per_mtok``, with ``offering_count``
        (live routes). Free tiers, plans and local routes are never the cheapest, and a
        retired model has none: it shows the price it was last listed at instead
        (``with_last_listed_price``, annotated here too). Read from each model's stored route
        summary (``catalog.route_summary``), computed only where one has expired.
        """
        from catalog.route_summary import cheapest_columns

        return self.annotate(**cheapest_columns())

    def with_last_listed_price(self) -> LanguageModelQuerySet:
        """Annotate the price a model was last listed at (``last_listed_*``): what a retired
        model shows instead of a current route, a cheapest route or a monthly cost."""
        from catalog.route_summary import listed_columns

        return self.annotate(**listed_columns())

    def newest_family_first(self) -> LanguageModelQuerySet:
        """Grouped by family (models without one form a group too), the group with the
        newest release first (undated last, ties by family name); within a group by the
        family's position, then name and id."""
        return self.annotate(
            family_released=models.Window(models.Max("release_date"), partition_by=[F("family_id")])
        ).order_by(
            F("family_released").desc(nulls_last=True),
            F("family__name").asc(nulls_last=True),
            "family_position",
            "name",
            "pk",
        )

    def stale(self, today: dt.date | None = None) -> LanguageModelQuerySet:
        cutoff = stale_before(today)
        return self.filter(Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=cutoff))

    def open_weights(self) -> LanguageModelQuerySet:
        return self.filter(is_open_weights())

    def search(self, query: str) -> LanguageModelQuerySet:
        """Models matching ``query`` (full text + trigram), best match first."""
        from catalog.search import search_models

        return search_models(self, query)

    def served_by(self, provider_slug: str) -> LanguageModelQuerySet:
        """Models the provider (its slug) serves on a live offering (``Offering.live()``: the
        route and the model not retired; the model is checked once, not once per route)."""
        from catalog.models.offerings import Offering

        routes = Offering.objects.unretired().filter(
            model=OuterRef("pk"), provider__slug=provider_slug
        )
        today = timezone.localdate()
        return (
            self.exclude(lifecycle=LanguageModel.Lifecycle.RETIRED)
            .exclude(retires_on__lte=today)
            .filter(models.Exists(routes))
        )

    def with_capabilities(self, capabilities) -> LanguageModelQuerySet:
        """Models where every one of ``capabilities`` (objects or slugs) is a sourced "yes"."""
        queryset = self
        for capability in capabilities:
            queryset = queryset.filter(has_capability(capability))
        return queryset

    def with_score_on(self, benchmark: Benchmark | None) -> LanguageModelQuerySet:
        """Annotate ``headline_score``: the model's best result on ``benchmark``, in the
        setting the benchmark ranks on."""
        if benchmark is None:
            return self.annotate(headline_score=models.Value(None, models.DecimalField()))
        from catalog.models.benchmarks import BenchmarkResult

        results = BenchmarkResult.objects.filter(
            model=OuterRef("pk"), benchmark=benchmark, setting=benchmark.ranked_setting
        )
        best = results.order_by("-score" if benchmark.higher_is_better else "score")
        return self.annotate(headline_score=Subquery(best.values("score")[:1]))

    def with_yes_capabilities(self) -> LanguageModelQuerySet:
        """Annotate ``yes_capabilities``: the names of the capabilities a source says the
        model has ("yes"), in the capabilities' order; read in the same query."""
        statuses = ModelCapability.objects.filter(
            model=OuterRef("pk"), support=ModelCapability.Support.YES
        ).order_by("capability__position", "capability__name")
        return self.annotate(yes_capabilities=ArraySubquery(statuses.values("capability__name")))


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
    # Kept by catalog.route_summary (never edited): its routes as pages show them. Read them
    # through ``with_cheapest_route()``, which also answers for a summary past its date.
    cheapest_offering = models.ForeignKey(
        "catalog.Offering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    route_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_provider_name = models.CharField(max_length=200, null=True, editable=False)  # noqa: DJ001
    route_blended_usd_per_mtok = models.DecimalField(
        max_digits=MONEY["max_digits"] + 2,  # the 3 : 1 blend divides by 4: two more places
        decimal_places=MONEY["decimal_places"] + 2,
        null=True,
        editable=False,
        db_index=True,
    )
    live_route_count = models.PositiveIntegerField(default=0, editable=False)
    # What a month of any traffic costs is bounded by (comparisons.pricing.cost_page): the
    # cheapest route's other prices, and the least and greatest of each price (greatest and
    # least discount) over its priced live routes.
    route_cached_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_batch_discount_percent = models.DecimalField(editable=False, **PERCENT)
    route_least_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_least_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_least_cached_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_most_batch_discount_percent = models.DecimalField(editable=False, **PERCENT)
    route_most_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_most_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_most_cached_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_least_batch_discount_percent = models.DecimalField(editable=False, **PERCENT)
    # What bounds a figure of its cheapest route at any traffic (comparisons.pricing
    # .figure_bounds): the least and greatest cache-write price and provider name (lower
    # case) over its priced live routes, and whether every one of them has a cached-input
    # price, a cache-write price and a batch discount (none: it has no priced route).
    route_least_cache_write_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_most_cache_write_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_least_provider_name = models.TextField(null=True, editable=False)  # noqa: DJ001
    route_most_provider_name = models.TextField(null=True, editable=False)  # noqa: DJ001
    route_every_cached_input = models.BooleanField(null=True, editable=False)
    route_every_cache_write = models.BooleanField(null=True, editable=False)
    route_every_batch_discount = models.BooleanField(null=True, editable=False)
    # Its cheapest route's cache-write price, and the least prices and greatest discount of
    # its rivals: its priced live routes whose prices or discount differ from that route's
    # (a route identical to it costs the same at any traffic and ranks after it); and the
    # least prices of those whose prices differ (rivals at traffic with no cache or batch).
    route_cache_write_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_rival_least_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_rival_least_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_rival_least_cached_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_rival_most_batch_discount_percent = models.DecimalField(editable=False, **PERCENT)
    route_price_rival_least_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    route_price_rival_least_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    listed_input_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    listed_output_usd_per_mtok = models.DecimalField(editable=False, **MONEY)
    listed_provider_name = models.CharField(max_length=200, null=True, editable=False)  # noqa: DJ001
    route_summary_until = models.DateField(
        default=SUMMARY_NEVER_COMPUTED, editable=False, db_index=True
    )

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
            # The published models by name (the default order), with the columns lists
            # search or sort them by: a page of the directory reads 50 of them, not the whole
            # wide table, and their count, the headline benchmark's entrants and a
            # comparison's models of a similar context window are index-only scans. So are
            # the directory's filters and sorts by price, route count and input (the stored
            # route summary, and the date it holds until): at 10,000 models a scan of the
            # wide table took 15 ms, of this index 2.
            models.Index(
                fields=["name"],
                include=[
                    "id",
                    "slug",
                    "lab",
                    "family",
                    "context_window_tokens",
                    "release_date",
                    "lifecycle",  # with retires_on: which are live (Offering.objects.live())
                    "retires_on",
                    "license",
                    "route_input_usd_per_mtok",
                    "route_output_usd_per_mtok",
                    "route_blended_usd_per_mtok",
                    "live_route_count",
                    "route_summary_until",
                    "input_modalities",
                ],
                condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_published_name",
            ),
            # The published models with the largest context window or output first (the
            # FAQ's answers, the directory's sorts by them): the first few off an index.
            *(
                models.Index(
                    fields=[f"-{field}", "name"],
                    condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                    name=name,
                )
                for field, name in (
                    ("context_window_tokens", "languagemodel_top_context"),
                    ("max_output_tokens", "languagemodel_top_output"),
                )
            ),
            # The directory filtered by context (?min_context=, ?max_context=): its matches,
            # their license and the figures the price sorts order by, off a range of this
            # narrow index, not a scan of languagemodel_published_name (at 10,000 models,
            # open weights from 128k tokens by input price: ids and count 2.2 -> 1.6 ms).
            # Only models with a known context, so a plain count keeps its smaller index.
            models.Index(
                fields=["context_window_tokens"],
                include=[
                    "id",
                    "name",
                    "license",
                    "route_input_usd_per_mtok",
                    "route_output_usd_per_mtok",
                    "route_blended_usd_per_mtok",
                ],
                condition=Q(
                    is_published=True,
                    review_status=ReviewStatus.ACCEPTED,
                    context_window_tokens__isnull=False,
                ),
                name="languagemodel_context_range",
            ),
            # The picker's suggestions: the published models with the most live routes first,
            # then the newest (comparisons.selectors.picker_models), a few off an index.
            models.Index(
                F("live_route_count").desc(),
                F("release_date").desc(nulls_last=True),
                "name",
                condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_most_served",
            ),
            # The published models' month of traffic and their cheapest routes' figures,
            # bounded from their route summaries (comparisons.pricing.bounded_page): the
            # bounds of every one read off this index
            # alone, and a page's candidates by name.
            models.Index(
                fields=["name"],
                include=[
                    "id",
                    "route_input_usd_per_mtok",
                    "route_output_usd_per_mtok",
                    "route_cached_input_usd_per_mtok",
                    "route_batch_discount_percent",
                    "route_least_input_usd_per_mtok",
                    "route_least_output_usd_per_mtok",
                    "route_least_cached_input_usd_per_mtok",
                    "route_most_batch_discount_percent",
                    "route_most_input_usd_per_mtok",
                    "route_most_output_usd_per_mtok",
                    "route_most_cached_input_usd_per_mtok",
                    "route_least_batch_discount_percent",
                    "route_least_cache_write_usd_per_mtok",
                    "route_most_cache_write_usd_per_mtok",
                    "route_least_provider_name",
                    "route_most_provider_name",
                    "route_every_cached_input",
                    "route_every_cache_write",
                    "route_every_batch_discount",
                    "route_provider_name",
                    "route_cache_write_usd_per_mtok",
                    "route_rival_least_input_usd_per_mtok",
                    "route_rival_least_output_usd_per_mtok",
                    "route_rival_least_cached_input_usd_per_mtok",
                    "route_rival_most_batch_discount_percent",
                    "route_price_rival_least_input_usd_per_mtok",
                    "route_price_rival_least_output_usd_per_mtok",
                    "route_summary_until",
                ],
                condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_cost_bounds",
            ),
            # A profile's nearest models in price and context (catalog.profile.nearest_models):
            # their distance is computed over this index alone, not the wide table.
            models.Index(
                fields=["route_blended_usd_per_mtok", "context_window_tokens"],
                include=["id", "name"],
                condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_price_context",
            ),
            # The newest published models (home, the FAQ): a few off an index.
            models.Index(
                F("release_date").desc(nulls_last=True),
                "name",
                condition=Q(is_published=True, review_status=ReviewStatus.ACCEPTED),
                name="languagemodel_newest",
            ),
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
        return openness_has_open_weights(self.license.openness if self.license else None)


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


class FaqEntry(AbstractFaqEntry):
    """An editor-written question and answer, for the site FAQ or one model's page."""

    model = models.ForeignKey(
        LanguageModel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faq_entries",
        help_text="Leave empty for the site FAQ.",
    )
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)
