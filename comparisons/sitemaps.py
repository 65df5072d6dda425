"""Sitemap of curated comparisons: those whose models are all published."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Q
from django.urls import reverse

from catalog.sitemaps import SectionSitemap
from comparisons.models import MIN_MODELS, CuratedComparison


class ComparisonSitemap(SectionSitemap):
    changefreq = "weekly"
    priority = 0.7
    lastmod_field = "updated_at"

    def items(self):
        return (
            CuratedComparison.objects.annotate(
                model_count=Count("language_models", distinct=True),
                draft_count=Count(
                    "language_models", filter=Q(language_models__is_published=False), distinct=True
                ),
            )
            .filter(model_count__gte=MIN_MODELS, draft_count=0)
            .order_by("key")
        )


class ComparisonPagesSitemap(Sitemap):
    """The picker and the pricing page."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["comparisons:picker", "comparisons:pricing"]

    def location(self, item):
        return reverse(item)
