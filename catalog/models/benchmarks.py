"""Benchmarks and models' results on them, with the setting each result was measured in."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from catalog.formatting import format_setting
from catalog.models.base import (
    ReviewStatus,
    SlugModel,
    no_vs_in_slug,
)
from catalog.models.core import (
    LanguageModel,
)


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

    def of_published_models(self) -> BenchmarkResultQuerySet:
        """Results of published models: the ones visitors see. Publishing implies acceptance
        (a constraint); saying both lets PostgreSQL read the published models' partial index,
        not the model table (as ``Offering.objects.of_published_models()``)."""
        return self.filter(model__is_published=True, model__review_status=ReviewStatus.ACCEPTED)


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
        indexes = [
            # A result's place (catalog.leaderboards.results_with_places): the models that
            # beat it on its benchmark, and the entrants, counted off this index alone.
            models.Index(
                fields=["benchmark", "setting", "score"],
                include=["model"],
                name="benchmarkresult_ranking",
            ),
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
