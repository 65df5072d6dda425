from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from catalog.feeds import NewModelsAtomFeed, NewModelsFeed, PriceChangesAtomFeed, PriceChangesFeed
from catalog.sitemaps import SITEMAPS
from catalog.views import RobotsView
from comparisons.directory import ModelDirectoryView
from comparisons.faq import FaqView
from comparisons.home import HomeView
from comparisons.sitemaps import ComparisonPagesSitemap, ComparisonSitemap
from modelref.health import healthz

SITEMAP_SECTIONS = {
    **SITEMAPS,
    "comparison-pages": ComparisonPagesSitemap,
    "comparisons": ComparisonSitemap,
}

admin.site.site_header = "ModelRef editors"
admin.site.site_title = "ModelRef admin"
admin.site.index_title = "Catalogue"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("faq/", FaqView.as_view(), name="faq"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAP_SECTIONS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAP_SECTIONS},
        name="sitemap-section",
    ),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("feeds/models/", NewModelsFeed(), name="feeds-models"),
    path("feeds/models/atom/", NewModelsAtomFeed(), name="feeds-models-atom"),
    path("feeds/prices/", PriceChangesFeed(), name="feeds-prices"),
    path("feeds/prices/atom/", PriceChangesAtomFeed(), name="feeds-prices-atom"),
    path("admin/", admin.site.urls),
    # The directory with its monthly-cost column (comparisons.directory); it answers
    # before catalog's own route, which still names the URL (catalog:model-list).
    path("models/", ModelDirectoryView.as_view()),
    path("", include("catalog.urls")),
    path("", include("comparisons.urls")),
]
