from django.urls import path

from comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("compare/", views.PickerView.as_view(), name="picker"),
    path("compare/<str:key>/", views.CompareView.as_view(), name="compare"),
    path("pricing/", views.PricingView.as_view(), name="pricing"),
    path("pricing/routes/<int:pk>/", views.OfferingHistoryView.as_view(), name="route-history"),
]
