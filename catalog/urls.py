from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="model-list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model-detail"),
    path("labs/<slug:slug>/", views.LabDetailView.as_view(), name="lab-detail"),
    path("providers/", views.ProviderListView.as_view(), name="provider-list"),
    path("providers/<slug:slug>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("benchmarks/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("benchmarks/<slug:slug>/", views.BenchmarkDetailView.as_view(), name="benchmark-detail"),
]
