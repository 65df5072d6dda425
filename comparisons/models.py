"""Editorial control over comparisons, and the traffic profiles costs are estimated for."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from catalog.models import AbstractFaqEntry, LanguageModel
from comparisons.costs import Traffic, traffic_from_requests

SEPARATOR = "-vs-"
MIN_MODELS, MAX_MODELS = 2, 4
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def canonical_key(slugs) -> str:
    """The canonical comparison slug: model slugs in alphabetical order, joined by -vs-."""
    return SEPARATOR.join(sorted(slugs))


class TrafficProfileQuerySet(models.QuerySet):
    def default(self) -> TrafficProfile | None:
        return self.filter(is_default=True).first() or self.first()


class TrafficProfile(models.Model):
    """A workload to price: the comparison default and the pricing page's presets."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    requests_per_day = models.PositiveIntegerField()
    input_tokens_per_request = models.PositiveIntegerField()
    output_tokens_per_request = models.PositiveIntegerField()
    cached_share_percent = models.DecimalField(
        "share of input from the prompt cache (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT,
    )
    batch_share_percent = models.DecimalField(
        "share sent through a batch API (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT,
    )
    is_default = models.BooleanField(
        default=False, help_text="The traffic comparison pages price by default."
    )
    position = models.PositiveSmallIntegerField(default=100)

    objects = TrafficProfileQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_profile"
            ),
            models.CheckConstraint(
                condition=Q(cached_share_percent__gte=0, cached_share_percent__lte=100)
                & Q(batch_share_percent__gte=0, batch_share_percent__lte=100),
                name="trafficprofile_shares_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        # Saving a new default un-defaults the old one (see save), so the single-default
        # constraint is kept by save() rather than reported as a form error.
        super().validate_constraints(exclude={*(exclude or ()), "is_default"})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.is_default:
                TrafficProfile.objects.exclude(pk=self.pk).update(is_default=False)
            super().save(*args, **kwargs)

    def traffic(self) -> Traffic:
        return traffic_from_requests(
            requests_per_day=self.requests_per_day,
            input_tokens_per_request=self.input_tokens_per_request,
            output_tokens_per_request=self.output_tokens_per_request,
            cached_share_percent=self.cached_share_percent,
            batch_share_percent=self.batch_share_percent,
        )


class CuratedComparisonQuerySet(models.QuerySet):
    def featured(self) -> CuratedComparisonQuerySet:
        return self.filter(is_featured=True)


class CuratedComparison(models.Model):
    """A curated comparison: featured, with an editor's intro, verdict and FAQ.

    Pages for pairs nobody curated are generated all the same; this only adds to them.
    """

    key = models.CharField(
        max_length=500,
        unique=True,
        editable=False,
        help_text="The canonical slug, e.g. claude-haiku-4-5-vs-qwen3-5-4b.",
    )
    language_models = models.ManyToManyField(
        LanguageModel, related_name="curated_comparisons", verbose_name="models"
    )
    is_featured = models.BooleanField("featured", default=False)
    intro = models.TextField(blank=True, help_text="Replaces the generated intro.")
    verdict = models.CharField(
        max_length=300, blank=True, help_text="Replaces the generated verdict line."
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CuratedComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key.replace(SEPARATOR, " vs ") or "New comparison"

    def get_absolute_url(self) -> str:
        return reverse("comparisons:compare", args=[self.key])


class ComparisonFaqEntry(AbstractFaqEntry):
    """An editor-written question and answer on one curated comparison's page."""

    comparison = models.ForeignKey(
        CuratedComparison, on_delete=models.CASCADE, related_name="faq_entries"
    )


class ComparisonVisit(models.Model):
    """How many visitors opened a comparison (once a day each): the picker's "popular" list.

    Written in batches by ``comparisons.visits``, never by the page view itself.
    """

    key = models.CharField(max_length=500, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_visited_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-count"]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class ComparisonViewer(models.Model):
    """A visitor counted for a comparison on a day: a keyed hash, kept until the day after.

    Lets "popular comparisons" count one view per visitor per day across every app process
    (see ``comparisons.visits``); it holds no address and nothing readable.
    """

    day = models.DateField()
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "digest"], name="one_view_per_visitor_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.digest}"
