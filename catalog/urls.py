from django.urls import path

from catalog import api, views

app_name = "catalog"

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="model-list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model-detail"),
    path("labs/<slug:slug>/", views.LabDetailView.as_view(), name="lab-detail"),
    path("providers/", views.ProviderListView.as_view(), name="provider-list"),
    path("providers/<slug:slug>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("benchmarks/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("benchmarks/<slug:slug>/", views.BenchmarkDetailView.as_view(), name="benchmark-detail"),
    path("report/", views.ReportCorrectionView.as_view(), name="report-correction"),
    path("api/models.json", api.models_json, name="api-models"),
    path("api/providers.json", api.providers_json, name="api-providers"),
    path("api/offerings.json", api.offerings_json, name="api-offerings"),
    path("api/benchmarks.json", api.benchmarks_json, name="api-benchmarks"),
    path("api/benchmark-results.json", api.results_json, name="api-results"),
    path("api/models.csv", api.models_csv, name="api-models-csv"),
    path("api/offerings.csv", api.offerings_csv, name="api-offerings-csv"),
]
