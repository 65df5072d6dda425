"""The admin's review queue: what imports bring, grouped by provider and by model.

``review_context`` builds one page of groups in a fixed number of queries; the admin views
(registered in ``catalog.admin``) render it and carry out the editor's decisions through
``catalog.review``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from catalog.admin_pages import admin_page
from catalog.formatting import format_price
from catalog.models import LanguageModel, Offering, ProposedChange, Provider, ReviewStatus
from catalog.review import (
    ReviewError,
    accept_change,
    accept_row,
    merge_model,
    reject_change,
    reject_row,
)

GROUPS_PER_PAGE = 20
ROW_MODELS = {"provider": Provider, "offering": Offering, "model": LanguageModel}
MERGE_TEMPLATE = "admin/catalog/merge_models.html"


def proposed_text(value: Any) -> str:
    """A proposed JSON value as text; unknown stays "unknown"."""
    if value in (None, "", []):
        return "unknown"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class ReviewItem:
    key: str  # "change-12", "offering-5", "provider-3", "model-9"
    what: str
    old: str
    new: str
    reason: str = ""
    source: str = ""
    source_url: str = ""
    admin_url: str = ""
    merge_url: str = ""


@dataclass
class ReviewGroup:
    title: str
    admin_url: str
    items: list[ReviewItem] = field(default_factory=list)


def change_item(change: ProposedChange) -> ReviewItem:
    target = change.target
    label = change.field
    if change.offering_id:
        label = f"{change.offering.provider_model_id} ({change.offering.model.name}): {label}"
    source = change.source
    if change.source_date:
        source = (
            f"{source} (as of {change.source_date})" if source else f"as of {change.source_date}"
        )
    return ReviewItem(
        key=f"change-{change.pk}",
        what=f"Change {label}",
        old=proposed_text(change.old_value),
        new=proposed_text(change.new_value),
        reason=change.reason,
        source=source,
        source_url=change.source_url,
        admin_url=admin_url(target),
    )


def offering_item(offering: Offering) -> ReviewItem:
    return ReviewItem(
        key=f"offering-{offering.pk}",
        what=f"New route {offering.provider_model_id} for {offering.model.name}",
        old="none",
        new=(
            f"{offering.route_kind_label}: {format_price(offering.input_usd_per_mtok)} in / "
            f"{format_price(offering.output_usd_per_mtok)} out per 1M tokens"
        ),
        source=offering.source_note,
        source_url=offering.source_url,
        admin_url=admin_url(offering),
    )


def provider_item(provider: Provider) -> ReviewItem:
    return ReviewItem(
        key=f"provider-{provider.pk}",
        what=f"New provider {provider.name}",
        old="none",
        new=f"{provider.get_kind_display()} {provider.website or provider.docs_url}".strip(),
        source_url=provider.pricing_url or provider.docs_url,
        admin_url=admin_url(provider),
    )


def model_item(model: LanguageModel) -> ReviewItem:
    facts = [model.lab.name]
    if model.release_date:
        facts.append(f"released {model.release_date}")
    if model.context_window_tokens:
        facts.append(f"{model.context_window_tokens:,} tokens of context")
    return ReviewItem(
        key=f"model-{model.pk}",
        what=f"New model {model.name} ({model.slug})",
        old="none",
        new=", ".join(facts),
        source=model.import_source,
        source_url=model.source_url,
        admin_url=admin_url(model),
        merge_url=reverse("admin:catalog_languagemodel_merge") + f"?ids={model.pk}",
    )


def admin_url(obj) -> str:
    if obj is None:
        return ""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def pending_changes():
    return ProposedChange.objects.pending()


def provider_groups_queryset():
    pending = ReviewStatus.PENDING
    return Provider.objects.filter(
        Q(review_status=pending)
        | Exists(Offering.objects.filter(provider=OuterRef("pk"), review_status=pending))
        | Exists(
            pending_changes().filter(
                Q(provider=OuterRef("pk")) | Q(offering__provider=OuterRef("pk"))
            )
        )
    ).order_by("name", "pk")


def model_groups_queryset():
    return (
        LanguageModel.objects.filter(
            Q(review_status=ReviewStatus.PENDING)
            | Exists(pending_changes().filter(model=OuterRef("pk")))
        )
        .select_related("lab")
        .order_by("name", "pk")
    )


def provider_groups(providers: list[Provider]) -> list[ReviewGroup]:
    """The page's provider groups: the provider if pending, its pending routes and changes."""
    offerings = (
        Offering.objects.filter(provider__in=providers, review_status=ReviewStatus.PENDING)
        .select_related("model", "provider")
        .order_by("model__name", "provider_model_id")
    )
    changes = (
        pending_changes()
        .filter(Q(provider__in=providers) | Q(offering__provider__in=providers))
        .select_related("provider", "offering__model", "offering__provider")
        .order_by("offering__provider_model_id", "field", "pk")
    )
    groups = {p.pk: ReviewGroup(p.name, admin_url(p)) for p in providers}
    for provider in providers:
        if provider.review_status == ReviewStatus.PENDING:
            groups[provider.pk].items.append(provider_item(provider))
    for offering in offerings:
        groups[offering.provider_id].items.append(offering_item(offering))
    for change in changes:
        owner = change.provider_id or change.offering.provider_id
        groups[owner].items.append(change_item(change))
    return list(groups.values())


def model_groups(models: list[LanguageModel]) -> list[ReviewGroup]:
    changes = pending_changes().filter(model__in=models).order_by("field", "pk")
    groups = {m.pk: ReviewGroup(f"{m.name} ({m.lab.name})", admin_url(m)) for m in models}
    by_pk = {m.pk: m for m in models}
    for model in models:
        if model.review_status == ReviewStatus.PENDING:
            groups[model.pk].items.append(model_item(model))
    for change in changes:
        change.model = by_pk[change.model_id]
        groups[change.model_id].items.append(change_item(change))
    return list(groups.values())


SECTIONS = {
    "providers": ("Providers and routes", provider_groups_queryset, provider_groups),
    "models": ("Models", model_groups_queryset, model_groups),
}


def review_context(section: str | None, page_number: str | None) -> dict:
    """One page of a section of the queue (``?section``; providers unless it names one)."""
    section = section if section in SECTIONS else "providers"
    title, queryset, build = SECTIONS[section]
    page = Paginator(queryset(), GROUPS_PER_PAGE).get_page(page_number)
    return {
        "section": section,
        "section_title": title,
        "sections": [(key, label) for key, (label, _, _) in SECTIONS.items()],
        "page_obj": page,
        "groups": build(list(page.object_list)),
    }


# Deciding ----------------------------------------------------------------------------------
def decide_posted(request) -> None:
    """Apply what a review-queue form posted (one item's button or the bulk buttons on the
    ticked items) and tell the editor how it went."""
    decision, keys = posted_decision(request.POST)
    if decision:
        report_decision(request, decision, *decide_items(request, keys, decision))
    else:
        messages.error(request, "Choose accept or reject, and at least one item.")


def decide_items(request, keys: list[str], decision: str) -> tuple[int, list[str]]:
    """Accept or reject the items named by ``keys``; return (done, problems)."""
    problems = [problem for key in keys if (problem := decide_item(request, key, decision))]
    return len(keys) - len(problems), problems


def decide_item(request, key: str, decision: str) -> str | None:
    """Accept or reject the item ``key`` names ("model-12", "change-3"); why not, if not."""
    kind, _, pk = key.partition("-")
    if not pk.isdigit() or kind not in (*ROW_MODELS, "change"):
        return f"“{key[:40]}” is not an item of the queue."
    row_model = ProposedChange if kind == "change" else ROW_MODELS[kind]
    meta = row_model._meta
    if not request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        raise PermissionDenied
    row = row_model.objects.filter(pk=pk).first()
    if row is None:
        return f"{meta.verbose_name} #{pk} no longer exists."
    try:
        apply_decision(row, decision, user=request.user)
    except ReviewError as error:
        return f"{meta.verbose_name} “{row}”: {error}"
    return None


def apply_decision(row, decision: str, *, user) -> None:
    """Accept or reject ``row``: a proposed change, or a row waiting for review."""
    if isinstance(row, ProposedChange):
        (accept_change if decision == "accept" else reject_change)(row, user=user)
    else:
        (accept_row if decision == "accept" else reject_row)(row)


def report_decision(request, decision: str, done: int, problems: list[str]) -> None:
    verb = "accepted" if decision == "accept" else "rejected"
    if done:
        messages.success(request, ngettext("%d item %s.", "%d items %s.", done) % (done, verb))
    for problem in problems:
        messages.error(request, f"Not {verb}: {problem}")


# Merging -----------------------------------------------------------------------------------
class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=LanguageModel.objects.none(),
        label="Merge into",
        help_text="An accepted model. The drafts' aliases, routes, results, capabilities and "
        "sourced figures move to it; their slugs become its aliases.",
    )

    def __init__(self, *args, drafts: list[LanguageModel], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            LanguageModel.objects.filter(review_status=ReviewStatus.ACCEPTED)
            .exclude(pk__in=[d.pk for d in drafts])
            .select_related("lab")
            .order_by("name")
        )
        self.fields["target"].label_from_instance = lambda m: f"{m.name} ({m.slug})"


def merge_view(model_admin: admin.ModelAdmin, request):
    """Fold the drafts named by ``?ids=`` into a chosen model (GET: the form; POST: merge)."""
    may_change = model_admin.has_change_permission(request)
    if not may_change or not model_admin.has_delete_permission(request):
        raise PermissionDenied
    drafts = drafts_named(request.GET.get("ids", ""))
    if not drafts:
        messages.error(request, "Choose the draft model(s) to merge first.")
        return redirect("admin:catalog_languagemodel_changelist")
    form = MergeForm(request.POST or None, drafts=drafts)
    if request.method == "POST" and form.is_valid():
        return merge_drafts(model_admin, request, drafts, form.cleaned_data["target"])
    page = {"title": "Merge into another model", "page_class": "merge-models"}
    return admin_page(model_admin, request, MERGE_TEMPLATE, **page, drafts=drafts, form=form)


def drafts_named(ids: str) -> list[LanguageModel]:
    """The models whose primary keys ``ids`` lists ("12,15"); what is not a number is left
    out."""
    pks = [pk for pk in ids.split(",") if pk.isdigit()]
    return list(LanguageModel.objects.filter(pk__in=pks).select_related("lab"))


def merge_drafts(model_admin, request, drafts: list[LanguageModel], target: LanguageModel):
    """Merge each draft into ``target`` in turn; then show the target's admin page."""
    for draft in drafts:
        merge_draft(model_admin, request, draft, target)
    return HttpResponseRedirect(admin_url(target))


def merge_draft(model_admin, request, draft: LanguageModel, target: LanguageModel) -> None:
    """Merge one draft into ``target``, log it on the target and tell the editor."""
    try:
        report = merge_model(draft, target, user=request.user)
    except ReviewError as error:
        messages.error(request, f"{draft} was not merged: {error}")
        return
    model_admin.log_change(request, target, f"Merged {draft.slug}: {report.summary()}")
    level = messages.WARNING if report.conflicts else messages.SUCCESS
    messages.add_message(
        request, level, f"{draft.name} merged into {target.name}. {report.summary()}"
    )


def posted_decision(data) -> tuple[str | None, list[str]]:
    """The decision a review-queue form posted: one item's button, or the bulk buttons."""
    one = data.get("one", "")
    if one:
        decision, _, key = one.partition(":")
        keys = [key]
    else:
        decision, keys = data.get("decision", ""), data.getlist("item")
    if decision not in ("accept", "reject") or not keys:
        return None, []
    return decision, keys[:500]


# Admin actions (on models, providers, offerings and proposed changes) ---------------------
ITEM_PREFIX = {"languagemodel": "model", "proposedchange": "change"}


def _decide_selected(modeladmin, request, queryset, decision: str) -> None:
    name = modeladmin.model._meta.model_name
    prefix = ITEM_PREFIX.get(name, name)
    keys = [f"{prefix}-{pk}" for pk in queryset.values_list("pk", flat=True)]
    report_decision(request, decision, *decide_items(request, keys, decision))


@admin.action(
    description="Accept the selected (they reach the public pages)", permissions=["change"]
)
def accept_selected(modeladmin, request, queryset):
    _decide_selected(modeladmin, request, queryset, "accept")


@admin.action(description="Reject the selected (kept off the public pages)", permissions=["change"])
def reject_selected(modeladmin, request, queryset):
    _decide_selected(modeladmin, request, queryset, "reject")


@admin.action(description="Merge the selected drafts into another model…", permissions=["change"])
def merge_into(modeladmin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
    return redirect(reverse("admin:catalog_languagemodel_merge") + f"?ids={ids}")
