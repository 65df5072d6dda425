"""What waits for an editor: import runs and the changes they propose, visitors' correction
reports, and their shared review state (``AwaitsReview``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models.benchmarks import BenchmarkResult
from catalog.models.core import (
    Capability,
    LanguageModel,
)
from catalog.models.offerings import Offering, Provider


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
