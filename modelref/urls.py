from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

admin.site.site_header = "ModelRef editors"
admin.site.site_title = "ModelRef admin"
admin.site.index_title = "Catalogue"

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("", include("comparisons.urls")),
]
