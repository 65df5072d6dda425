"""Sitemaps of the catalogue: only published objects, and only what they make public.

/sitemap.xml is an index of sections (/sitemap-<section>.xml), each split into pages of
``PAGE_SIZE`` URLs (``?p=N``), so no file grows with the catalogue.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from catalog.models import Benchmark, BenchmarkResult, Lab, LanguageModel, Provider

PAGE_SIZE = 1000


class SectionSitemap(Sitemap):
    """A section of the index: pages of PAGE_SIZE URLs; the index's lastmod in one query."""

    limit = PAGE_SIZE
    lastmod_field = ""

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "catalog:model-list",
            "catalog:provider-list",
            "catalog:benchmark-list",
            "faq",
        ]

    def location(self, item):
        return reverse(item)


class LanguageModelSitemap(SectionSitemap):
    changefreq = "weekly"
    priority = 0.9
    lastmod_field = "updated_at"

    def items(self):
        return LanguageModel.objects.published().order_by("slug")


class LabSitemap(SectionSitemap):
    changefreq = "weekly"

    def items(self):
        published = LanguageModel.objects.published().filter(lab=OuterRef("pk"))
        return Lab.objects.filter(Exists(published)).order_by("slug")


class ProviderSitemap(SectionSitemap):
    changefreq = "weekly"

    def items(self):
        return Provider.objects.public().order_by("slug")


class BenchmarkSitemap(SectionSitemap):
    changefreq = "weekly"

    def items(self):
        results = BenchmarkResult.objects.of_published_models().filter(benchmark=OuterRef("pk"))
        return Benchmark.objects.filter(Exists(results)).order_by("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "models": LanguageModelSitemap,
    "labs": LabSitemap,
    "providers": ProviderSitemap,
    "benchmarks": BenchmarkSitemap,
}
