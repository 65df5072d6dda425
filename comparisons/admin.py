from django import forms
from django.contrib import admin

from catalog.admin import EditorFormFieldsMixin
from catalog.admin_actions import BulkActionsMixin
from comparisons.models import (
    MAX_MODELS,
    MIN_MODELS,
    ComparisonFaqEntry,
    ComparisonVisit,
    CuratedComparison,
    TrafficProfile,
    canonical_key,
)


class ComparisonForm(forms.ModelForm):
    class Meta:
        model = CuratedComparison
        fields = ["language_models", "is_featured", "intro", "verdict", "last_reviewed_on"]

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("language_models")
        if chosen is None:
            return cleaned
        if not MIN_MODELS <= len(chosen) <= MAX_MODELS:
            self.add_error("language_models", "Choose two to four models.")
            return cleaned
        key = canonical_key(model.slug for model in chosen)
        duplicate = CuratedComparison.objects.filter(key=key).exclude(pk=self.instance.pk)
        if duplicate.exists():
            self.add_error("language_models", "These models are already compared in another entry.")
        self.instance.key = key
        return cleaned


class ComparisonFaqInline(EditorFormFieldsMixin, admin.StackedInline):
    model = ComparisonFaqEntry
    extra = 1


@admin.register(CuratedComparison)
class ComparisonAdmin(BulkActionsMixin, EditorFormFieldsMixin, admin.ModelAdmin):
    form = ComparisonForm
    list_display = ["__str__", "is_featured", "last_reviewed_on", "updated_at"]
    list_filter = ["is_featured"]
    search_fields = ["key", "intro", "verdict"]
    autocomplete_fields = ["language_models"]
    inlines = [ComparisonFaqInline]
    actions = ["feature", "unfeature", "mark_reviewed_today"]

    @admin.action(description="Feature the selected comparisons", permissions=["change"])
    def feature(self, request, queryset):
        count = self.update_selected(request, queryset, "Featured.", is_featured=True)
        self.tell_count(request, count, "%d comparison featured.", "%d comparisons featured.")

    @admin.action(description="Stop featuring the selected comparisons", permissions=["change"])
    def unfeature(self, request, queryset):
        count = self.update_selected(request, queryset, "No longer featured.", is_featured=False)
        self.tell_count(
            request,
            count,
            "%d comparison no longer featured.",
            "%d comparisons no longer featured.",
        )

    @admin.action(description="Mark reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        counts = ("%d comparison marked reviewed today.", "%d comparisons marked reviewed today.")
        self.mark_today(request, queryset, "last_reviewed_on", "reviewed", counts)


@admin.register(TrafficProfile)
class TrafficProfileAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "requests_per_day",
        "input_tokens_per_request",
        "output_tokens_per_request",
        "cached_share_percent",
        "batch_share_percent",
        "is_default",
        "position",
    ]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name", "description"]


@admin.register(ComparisonVisit)
class ComparisonVisitAdmin(EditorFormFieldsMixin, admin.ModelAdmin):
    list_display = ["key", "count", "last_visited_at"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
