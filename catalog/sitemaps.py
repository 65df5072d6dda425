"""Sitemaps of the catalogue: only published models, and only what they make public."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from catalog.models import Benchmark, BenchmarkResult, Lab, LanguageModel, Offering, Provider


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


class LanguageModelSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.9

    def items(self):
        return LanguageModel.objects.published().order_by("slug")

    def lastmod(self, model):
        return model.updated_at


class LabSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        published = LanguageModel.objects.published().filter(lab=OuterRef("pk"))
        return Lab.objects.filter(Exists(published)).order_by("slug")


class ProviderSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        served = Offering.objects.live().filter(provider=OuterRef("pk"), model__is_published=True)
        return Provider.objects.accepted().filter(Exists(served)).order_by("slug")


class BenchmarkSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        results = BenchmarkResult.objects.filter(benchmark=OuterRef("pk"), model__is_published=True)
        return Benchmark.objects.filter(Exists(results)).order_by("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "models": LanguageModelSitemap,
    "labs": LabSitemap,
    "providers": ProviderSitemap,
    "benchmarks": BenchmarkSitemap,
}
