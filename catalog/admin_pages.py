"""The admin's own pages beyond its lists (what is stale, import data, the review queue,
merging models): one frame for all of them, and what the "What is stale" page lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import F
from django.template.response import TemplateResponse

from catalog.models import LanguageModel, Offering, stale_before


def admin_page(
    model_admin: admin.ModelAdmin, request, template: str, *, title: str, **context: Any
) -> TemplateResponse:
    """``template`` in the admin's frame (site header, sidebar, breadcrumbs of the model)."""
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.opts,
            **context,
        },
    )


def stale_figures(user) -> dict[str, Any]:
    """Models not reviewed and routes not verified for ``STALE_AFTER_DAYS``, the oldest (or
    never checked) first; routes only for an editor who may see them (2 queries)."""
    models = (
        LanguageModel.objects.stale()
        .select_related("lab")
        .order_by(F("last_reviewed_on").asc(nulls_first=True), "name")
    )
    offerings = Offering.objects.none()
    if user.has_perm("catalog.view_offering"):
        offerings = (
            Offering.objects.stale()
            .select_related("model", "provider")
            .order_by(F("last_verified_on").asc(nulls_first=True), "model__name")
        )
    return {
        "stale_after_days": settings.STALE_AFTER_DAYS,
        "cutoff": stale_before(),
        "stale_models": list(models),
        "stale_offerings": list(offerings),
    }
