"""The editors' admin: list pages to triage, change pages to curate, actions to publish.

Editors are staff in the Editor group (catalog.editors), not superusers. Bad data must
come back as a form error: field validators, the models' ``clean()`` and Django's
constraint validation catch it before the database's own constraints and triggers do.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from catalog import review_admin
from catalog.admin_actions import BulkActionsMixin
from catalog.admin_pages import admin_page, stale_figures
from catalog.corrections import CorrectionError, accept_report, figure_label, reject_report
from catalog.formatting import format_price
from catalog.importers.forms import apply_import, import_page, import_summary
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Capability,
    CorrectionReport,
    FactSource,
    FaqEntry,
    ImportRun,
    Lab,
    LanguageModel,
    License,
    Modality,
    ModelAlias,
    ModelCapability,
    ModelFamily,
    Offering,
    PriceRecord,
    ProposedChange,
    Provider,
    ReviewStatus,
    UseCase,
    stale_before,
)
from catalog.text import refuse_control_characters

MODALITY_FIELDS = ("input_modalities", "output_modalities")
TOKEN_FIELDS = ("context_window_tokens", "max_output_tokens", "long_context_threshold_tokens")
FIELD_BOUNDS = {  # what the database's check constraints refuse, said by the form first
    **{name: {"min_value": 1} for name in TOKEN_FIELDS},
    "batch_discount_percent": {"min_value": 0, "max_value": 100},
}
IMPORT_READONLY = ("imported_values", "import_source", "imported_at")
IMPORTERS_FIELDSET = (
    "Importers",
    {
        "classes": ["collapse"],
        "fields": ["locked_fields", *IMPORT_READONLY],
        "description": "Importers never change a locked field (comma-separated field names, "
        "e.g. input_usd_per_mtok), nor one edited by hand since their last import.",
    },
)


def price_column(value: Decimal | None) -> str | None:
    """A price for a list column, as every page writes it ("$0.80", "$0.075"); None stays
    None (the admin shows it as its empty value)."""
    return None if value is None else format_price(value)


def is_fresh(checked_on) -> bool:
    return checked_on is not None and checked_on >= stale_before()


class EditorFormFieldsMixin:
    """Form fields that say what the database would refuse, before it refuses it, and
    refuse invisible control characters in any text (they break feeds and pages)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MODALITY_FIELDS:
            return modality_field(db_field)
        kwargs = {**FIELD_BOUNDS.get(db_field.name, {}), **kwargs}
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            formfield.validators.append(refuse_control_characters)
        return formfield


def modality_field(db_field) -> forms.TypedMultipleChoiceField:
    """A modality list as checkboxes, one for each modality."""
    return forms.TypedMultipleChoiceField(
        choices=Modality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=db_field.verbose_name.capitalize(),
    )


class FreshnessFilter(admin.SimpleListFilter):
    """Stale: not reviewed (models) or verified (offerings) within STALE_AFTER_DAYS."""

    title = "freshness"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", f"Stale (not checked in {settings.STALE_AFTER_DAYS} days)"),
            ("fresh", "Fresh"),
        ]

    def queryset(self, request, queryset):
        stale = queryset.model.objects.stale()
        if self.value() == "stale":
            return queryset.filter(pk__in=stale.values("pk"))
        if self.value() == "fresh":
            return queryset.exclude(pk__in=stale.values("pk"))
        return queryset


# Labs, families, licenses, vocabularies ------------------------------------------------


class ModelFamilyInline(EditorFormFieldsMixin, admin.TabularInline):
    model = ModelFamily
    fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    extra = 0
    show_change_link = True


@admin.register(Lab)
class LabAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = ("name", "country", "model_count", "website")
    list_filter = ("country",)
    search_fields = ("name", "slug", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ModelFamilyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="Models", ordering="model_count")
    def model_count(self, obj: Lab) -> int:
        return obj.model_count


@admin.register(ModelFamily)
class ModelFamilyAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = ("name", "lab", "model_count")
    list_filter = ("lab",)
    list_select_related = ("lab",)
    search_fields = ("name", "slug", "lab__name")
    autocomplete_fields = ("lab",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="Models", ordering="model_count")
    def model_count(self, obj: ModelFamily) -> int:
        return obj.model_count


@admin.register(License)
class LicenseAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "spdx_id", "openness", "commercial_use", "osi_approved")
    list_filter = ("openness", "commercial_use", "osi_approved")
    search_fields = ("name", "slug", "spdx_id")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Capability)
class CapabilityAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "position", "description")
    list_editable = ("position",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(UseCase)
class UseCaseAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


# Language models -----------------------------------------------------------------------


class OfferingInline(EditorFormFieldsMixin, admin.TabularInline):
    model = Offering
    fields = (
        "provider",
        "provider_model_id",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "cached_input_usd_per_mtok",
        "status",
        "last_verified_on",
    )
    autocomplete_fields = ("provider",)
    extra = 0
    show_change_link = True


class BenchmarkResultInline(EditorFormFieldsMixin, admin.TabularInline):
    model = BenchmarkResult
    fields = (
        "benchmark",
        "score",
        "setting",
        "setting_detail",
        "reported_by",
        "source_url",
        "measured_on",
    )
    autocomplete_fields = ("benchmark",)
    extra = 0


class ModelCapabilityInline(EditorFormFieldsMixin, admin.TabularInline):
    model = ModelCapability
    fields = ("capability", "support", "note", "source_url")
    autocomplete_fields = ("capability",)
    extra = 0


class ModelAliasInline(EditorFormFieldsMixin, admin.TabularInline):
    model = ModelAlias
    fields = ("identifier", "kind")
    extra = 0


class FactSourceInline(EditorFormFieldsMixin, admin.TabularInline):
    model = FactSource
    fields = ("field", "url", "checked_on", "note")
    extra = 0


@admin.register(LanguageModel)
class LanguageModelAdmin(BulkActionsMixin, EditorFormFieldsMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = (
        "name",
        "lab",
        "context_window",
        "cheapest_input",
        "cheapest_output",
        "offering_count",
        "lifecycle",
        "is_published",
        "review_status",
        "last_reviewed_on",
        "reviewed_recently",
    )
    list_filter = (
        FreshnessFilter,
        "is_published",
        "review_status",
        "lifecycle",
        "license__openness",
        ("lab", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("lab",)
    search_fields = ("name", "slug", "lab__name", "family__name", "aliases__identifier")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("lab", "family", "license", "successor")
    filter_horizontal = ("use_cases",)
    readonly_fields = ("created_at", "updated_at", *IMPORT_READONLY)
    actions = (
        "publish",
        "unpublish",
        "mark_reviewed_today",
        review_admin.accept_selected,
        review_admin.reject_selected,
        review_admin.merge_into,
    )
    save_on_top = True
    fieldsets = [
        ("Identity", {"fields": ["name", "slug", "lab", "family", "family_position"]}),
        (
            "Specs",
            {
                "fields": [
                    "release_date",
                    "knowledge_cutoff",
                    ("context_window_tokens", "max_output_tokens"),
                    ("total_parameters_b", "active_parameters_b"),
                    "architecture",
                    "input_modalities",
                    "output_modalities",
                ]
            },
        ),
        ("License & openness", {"fields": ["license", "weights_url"]}),
        ("Editorial", {"fields": ["best_for", "summary", "body", "use_cases"]}),
        ("Lifecycle", {"fields": ["lifecycle", "deprecated_on", "retires_on", "successor"]}),
        (
            "Publication",
            {
                "fields": [
                    ("is_published", "review_status"),
                    "last_reviewed_on",
                    "source_url",
                    ("created_at", "updated_at"),
                ]
            },
        ),
        IMPORTERS_FIELDSET,
    ]
    inlines = [
        OfferingInline,
        BenchmarkResultInline,
        ModelCapabilityInline,
        ModelAliasInline,
        FactSourceInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_cheapest_route()

    @admin.display(description="Context", ordering="context_window_tokens")
    def context_window(self, obj: LanguageModel) -> str | None:
        tokens = obj.context_window_tokens
        return None if tokens is None else f"{tokens:,}"

    @admin.display(description="Cheapest input", ordering="cheapest_input_usd_per_mtok")
    def cheapest_input(self, obj: LanguageModel) -> str | None:
        return price_column(obj.cheapest_input_usd_per_mtok)

    @admin.display(description="Cheapest output", ordering="cheapest_output_usd_per_mtok")
    def cheapest_output(self, obj: LanguageModel) -> str | None:
        return price_column(obj.cheapest_output_usd_per_mtok)

    @admin.display(description="Offerings", ordering="offering_count")
    def offering_count(self, obj: LanguageModel) -> int:
        return obj.offering_count

    @admin.display(description="Fresh", boolean=True, ordering="last_reviewed_on")
    def reviewed_recently(self, obj: LanguageModel) -> bool:
        return is_fresh(obj.last_reviewed_on)

    @admin.action(description="Publish the selected models", permissions=["change"])
    def publish(self, request, queryset):
        """Publish the accepted drafts selected; say how many others wait for review."""
        ready = queryset.filter(is_published=False, review_status=ReviewStatus.ACCEPTED)
        count = self.update_selected(request, ready, "Published.", is_published=True)
        self.tell_count(request, count, "%d model published.", "%d models published.")
        unaccepted = queryset.exclude(review_status=ReviewStatus.ACCEPTED).count()
        if unaccepted:
            self.tell_count(
                request,
                unaccepted,
                "%d model is not accepted yet: accept it in the review queue first.",
                "%d models are not accepted yet: accept them in the review queue first.",
                messages.WARNING,
            )

    @admin.action(description="Unpublish the selected models", permissions=["change"])
    def unpublish(self, request, queryset):
        published = queryset.filter(is_published=True)
        count = self.update_selected(request, published, "Unpublished.", is_published=False)
        self.tell_count(request, count, "%d model unpublished.", "%d models unpublished.")

    @admin.action(description="Mark the selected models reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        counts = ("%d model marked reviewed today.", "%d models marked reviewed today.")
        self.mark_today(request, queryset, "last_reviewed_on", "reviewed", counts)

    def get_urls(self):
        stale = path(
            "stale/",
            self.admin_site.admin_view(self.stale_view),
            name="catalog_languagemodel_stale",
        )
        merge = path(
            "merge/",
            self.admin_site.admin_view(self.merge_view),
            name="catalog_languagemodel_merge",
        )
        return [stale, merge, *super().get_urls()]

    def merge_view(self, request):
        return review_admin.merge_view(self, request)

    def stale_view(self, request):
        """What is stale: models not reviewed and offerings not verified lately (3 queries)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return admin_page(
            self,
            request,
            "admin/catalog/what_is_stale.html",
            title="What is stale",
            **stale_figures(request.user),
        )


# Providers, offerings and their price history ------------------------------------------


@admin.register(Provider)
class ProviderAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = ("name", "kind", "review_status", "lab", "offering_count", "website")
    list_filter = ("kind", "review_status")
    list_select_related = ("lab",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("lab",)
    prepopulated_fields = {"slug": ("name",)}
    actions = (review_admin.accept_selected, review_admin.reject_selected)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offering_count=Count("offerings"))

    @admin.display(description="Offerings", ordering="offering_count")
    def offering_count(self, obj: Provider) -> int:
        return obj.offering_count


class PriceHistoryInline(EditorFormFieldsMixin, admin.TabularInline):
    """The offering's PriceRecords, newest first; Offering.save() writes them, not editors."""

    model = PriceRecord
    verbose_name = "price record"
    verbose_name_plural = "price history"
    fields = (
        "effective_on",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "cached_input_usd_per_mtok",
        "cache_write_usd_per_mtok",
        "batch_discount_percent",
        "source_url",
        "recorded_at",
    )
    readonly_fields = fields
    ordering = ("-effective_on", "-recorded_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offering)
class OfferingAdmin(BulkActionsMixin, EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = (
        "model",
        "provider",
        "provider_model_id",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "cached_input_usd_per_mtok",
        "status",
        "review_status",
        "last_verified_on",
        "verified_recently",
    )
    list_editable = ("input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok")
    list_filter = (
        FreshnessFilter,
        "status",
        "review_status",
        "kind",
        "provider__kind",
        ("provider", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("model", "provider")
    search_fields = ("model__name", "provider__name", "provider_model_id")
    autocomplete_fields = ("model", "provider")
    readonly_fields = ("updated_at", *IMPORT_READONLY)
    actions = (
        "mark_verified_today",
        review_admin.accept_selected,
        review_admin.reject_selected,
    )
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "model",
                    "provider",
                    "provider_model_id",
                    ("kind", "status"),
                    "review_status",
                ]
            },
        ),
        (
            "Prices (USD per million tokens)",
            {
                "fields": [
                    ("input_usd_per_mtok", "output_usd_per_mtok"),
                    ("cached_input_usd_per_mtok", "cache_write_usd_per_mtok"),
                    "batch_discount_percent",
                ],
                "description": "Changing a price adds a row to the price history below.",
            },
        ),
        (
            "Long context",
            {
                "classes": ["collapse"],
                "fields": [
                    "long_context_threshold_tokens",
                    ("long_context_input_usd_per_mtok", "long_context_output_usd_per_mtok"),
                ],
            },
        ),
        (
            "Limits where they differ from the model's",
            {"fields": [("context_window_tokens", "max_output_tokens")]},
        ),
        ("Lifecycle", {"fields": ["deprecated_on", "retires_on"]}),
        (
            "Verification",
            {"fields": ["source_url", "source_note", "last_verified_on", "updated_at"]},
        ),
        IMPORTERS_FIELDSET,
    ]
    inlines = [PriceHistoryInline]

    @admin.display(description="Fresh", boolean=True, ordering="last_verified_on")
    def verified_recently(self, obj: Offering) -> bool:
        return is_fresh(obj.last_verified_on)

    @admin.action(description="Mark the selected offerings verified today", permissions=["change"])
    def mark_verified_today(self, request, queryset):
        counts = ("%d offering marked verified today.", "%d offerings marked verified today.")
        self.mark_today(request, queryset, "last_verified_on", "verified", counts)


@admin.register(PriceRecord)
class PriceRecordAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    """The price history of every offering, read-only: Offering.save() writes it."""

    list_display = (
        "offering",
        "effective_on",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "cached_input_usd_per_mtok",
        "cache_write_usd_per_mtok",
        "batch_discount_percent",
        "recorded_at",
    )
    list_filter = ("offering__provider",)
    list_select_related = ("offering__model", "offering__provider")
    search_fields = ("offering__model__name", "offering__provider__name")
    date_hierarchy = "effective_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Benchmarks, FAQ, sources ----------------------------------------------------------------


@admin.register(Benchmark)
class BenchmarkAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = (
        "name",
        "category",
        "metric",
        "unit",
        "higher_is_better",
        "ranked_setting",
        "is_index",
        "min_score",
        "max_score",
        "result_count",
    )
    list_filter = ("category", "higher_is_better", "ranked_setting", "is_index")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "aliases"]}),
        (
            "Scoring",
            {
                "fields": [
                    "metric",
                    "unit",
                    "higher_is_better",
                    ("min_score", "max_score"),
                    "ranked_setting",
                    "is_index",
                    "score_decimals",
                ]
            },
        ),
        ("About", {"fields": ["url", "description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(result_count=Count("results"))

    @admin.display(description="Results", ordering="result_count")
    def result_count(self, obj: Benchmark) -> int:
        return obj.result_count


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = (
        "model",
        "benchmark",
        "score",
        "setting",
        "setting_detail",
        "reported_by",
        "measured_on",
        "checked_on",
    )
    list_filter = (
        "setting",
        "reported_by",
        "benchmark__category",
        ("benchmark", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("model", "benchmark")
    search_fields = ("model__name", "benchmark__name", "setting_detail")
    autocomplete_fields = ("model", "benchmark")


@admin.register(FaqEntry)
class FaqEntryAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    fields = ("question", "answer", "model", "position", "is_published")
    list_display = ("question", "model", "position", "is_published", "updated_at")
    list_editable = ("position", "is_published")
    list_filter = ("is_published", ("model", admin.EmptyFieldListFilter))
    list_select_related = ("model",)
    search_fields = ("question", "answer", "model__name")
    autocomplete_fields = ("model",)


@admin.register(FactSource)
class FactSourceAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = ("model", "field", "url", "checked_on")
    list_filter = ("field",)
    list_select_related = ("model",)
    search_fields = ("model__name", "url", "note")
    autocomplete_fields = ("model",)
    date_hierarchy = "checked_on"


# Import runs and the "Import data" page ----------------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    """What each import read, changed, kept and skipped; read-only. Runs start on the
    "Import data" page (dry run first, then confirm) or with the import_* commands."""

    list_display = ("started_at", "source", "status", "changes", "path", "user")
    list_filter = ("source", "status")
    list_select_related = ("user",)
    search_fields = ("path", "report")
    date_hierarchy = "started_at"
    fields = ("source", "path", "status", "started_at", "finished_at", "user", "counts", "report")
    readonly_fields = fields
    change_list_template = "admin/catalog/importrun_change_list.html"
    IMPORT_PERMISSIONS = (
        "catalog.add_languagemodel",
        "catalog.change_languagemodel",
        "catalog.add_offering",
        "catalog.change_offering",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Changes")
    def changes(self, run: ImportRun):
        return run.counts.get("changes")

    def get_urls(self):
        page = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="catalog_importrun_import",
        )
        return [page, *super().get_urls()]

    def import_view(self, request):
        """Choose a source and see its dry run (POST "preview"); apply it (POST "confirm")."""
        if not request.user.has_perms(self.IMPORT_PERMISSIONS):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self.confirm_import(request)
        page = import_page(request)
        return admin_page(self, request, "admin/catalog/import_data.html", **page)

    def confirm_import(self, request):
        run, problem = apply_import(request)
        if run is None:
            self.message_user(request, problem, messages.ERROR)
            return redirect(reverse("admin:catalog_importrun_import"))
        self.message_user(request, import_summary(run), messages.SUCCESS)
        return redirect(reverse("admin:catalog_importrun_change", args=[run.pk]))


# Visitors' correction reports: the editors' review queue ----------------------------------


class ReportStatusFilter(admin.SimpleListFilter):
    """Waiting reports by default: the queue; the other statuses one click away."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*CorrectionReport.Status.choices, (self.ALL, "All")]

    def current(self) -> str:
        return self.value() or CorrectionReport.Status.PENDING

    def queryset(self, request, queryset):
        if self.current() == self.ALL:
            return queryset
        return queryset.filter(status=self.current())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.current() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(CorrectionReport)
class CorrectionReportAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    """Accept (apply the value with its source, dated today) or reject visitors' reports:
    from the list (actions) or a report's own page (its Accept and Reject buttons).

    Everything a visitor typed is plain text, shown escaped; only the suggested value can be
    edited (to tidy its format before accepting).
    """

    list_display = (
        "created_at",
        "target",
        "figure",
        "current_value",
        "suggested_value",
        "source_link",
        "status",
    )
    list_filter = (ReportStatusFilter,)
    list_select_related = (
        "model",
        "offering__model",
        "offering__provider",
        "capability",
        "benchmark_result__benchmark",
    )
    search_fields = ("suggested_value", "note", "source_url", "model__name", "page_url")
    date_hierarchy = "created_at"
    actions = ("accept_and_apply", "reject")
    change_form_template = "admin/catalog/correctionreport/change_form.html"
    readonly_fields = (
        "model",
        "figure",
        "current_value",
        "source_url",
        "note",
        "page_url",
        "status",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    )
    fieldsets = (
        (None, {"fields": ("model", "figure", "current_value", "suggested_value")}),
        ("Evidence", {"fields": ("source_url", "note", "page_url")}),
        ("Review", {"fields": ("status", "created_at", "reviewed_by", "reviewed_at")}),
    )

    def has_add_permission(self, request):
        return False  # reports come from visitors

    @admin.display(description="figure of")
    def target(self, report: CorrectionReport) -> str:
        return str(report.offering or report.model or "—")

    @admin.display(description="figure", ordering="field")
    def figure(self, report: CorrectionReport) -> str:
        return figure_label(report)

    @admin.display(description="source", ordering="source_url")
    def source_link(self, report: CorrectionReport):
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            report.source_url,
            report.source_url,
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_review"] = (
            obj is not None
            and obj.status == CorrectionReport.Status.PENDING
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_change(self, request, obj):
        """The page's Accept / Reject buttons: save the (tidied) value, then review."""
        for button, review, done in (
            ("_accept", accept_report, "accepted and applied"),
            ("_reject", reject_report, "rejected"),
        ):
            if button in request.POST:
                self._review(request, CorrectionReport.objects.filter(pk=obj.pk), review, done)
                return redirect(reverse("admin:catalog_correctionreport_changelist"))
        return super().response_change(request, obj)

    def _review(self, request, queryset, review, done: str) -> None:
        reports = queryset.select_related(*self.list_select_related)
        succeeded = sum(self._review_one(request, report, review, done) for report in reports)
        if succeeded:
            self.message_user(
                request,
                ngettext("%d report %s.", "%d reports %s.", succeeded) % (succeeded, done),
                messages.SUCCESS,
            )

    def _review_one(self, request, report: CorrectionReport, review, done: str) -> bool:
        """Accept or reject one report; say why not if it cannot be."""
        try:
            review(report, user=request.user)
        except CorrectionError as error:
            self.message_user(
                request,
                f"Report #{report.pk} ({figure_label(report)} of {self.target(report)}) "
                f"was not {done}: {error} Nothing was changed.",
                messages.ERROR,
            )
            return False
        return True

    @admin.action(description="Accept and apply the selected reports", permissions=["change"])
    def accept_and_apply(self, request, queryset):
        self._review(request, queryset, accept_report, "accepted and applied")

    @admin.action(description="Reject the selected reports", permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, reject_report, "rejected")


# The review queue: what imports bring ----------------------------------------------------


@admin.register(ProposedChange)
class ProposedChangeAdmin(admin.ModelAdmin):
    """Value changes imports propose for existing rows; decided here or in the review queue."""

    list_display = ("target", "field", "old", "new", "reason", "source", "source_date", "status")
    list_filter = ("status", ("provider", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("model", "offering__model", "offering__provider", "provider")
    search_fields = ("field", "model__name", "offering__provider_model_id", "provider__name")
    actions = (review_admin.accept_selected, review_admin.reject_selected)
    readonly_fields = (
        "model",
        "offering",
        "provider",
        "field",
        "old_value",
        "new_value",
        "reason",
        "source",
        "source_url",
        "source_date",
        "import_run",
        "status",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    )

    def has_add_permission(self, request):
        return False  # imports propose changes

    @admin.display(description="old value")
    def old(self, change: ProposedChange) -> str:
        return review_admin.proposed_text(change.old_value)

    @admin.display(description="proposed value")
    def new(self, change: ProposedChange) -> str:
        return review_admin.proposed_text(change.new_value)

    def get_urls(self):
        queue = path(
            "review/",
            self.admin_site.admin_view(self.review_view),
            name="catalog_proposedchange_review",
        )
        return [queue, *super().get_urls()]

    def review_view(self, request):
        """The review queue: groups by provider or by model; accept or reject, one or many."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            review_admin.decide_posted(request)
            return redirect(request.get_full_path())
        return admin_page(
            self,
            request,
            "admin/catalog/review_queue.html",
            title="Review queue",
            page_class="review-queue",
            **review_admin.review_context(request.GET.get("section"), request.GET.get("page")),
        )
