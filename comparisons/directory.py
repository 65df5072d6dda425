"""The model directory at the visitor's traffic: /models/ plus a monthly-cost column and sort.

``catalog.views.ModelListView`` is the directory (filters, chips, prices, blended price);
this subclass adds what only ``comparisons`` knows: the traffic in the URL (the same
parameters as the comparison pages and /pricing/), its presets and the cost maths
(``comparisons.costs``), so ``catalog`` never imports ``comparisons``. modelref/urls.py
serves it at /models/ (``catalog:model-list`` still names that URL).
"""

from __future__ import annotations

from decimal import Decimal

import django_filters

from catalog.filters import SORT_CHOICES, LanguageModelFilter
from catalog.formatting import money_precision
from catalog.models import LanguageModel, Offering
from catalog.views import Column, ModelListView
from comparisons.costs import cheapest_route_cost
from comparisons.snapshots import route_snapshots
from comparisons.views import TrafficMixin

MONTHLY_COST = "monthly_cost"


class TrafficDirectoryFilter(LanguageModelFilter):
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[
            *SORT_CHOICES,
            (MONTHLY_COST, "Monthly cost at your traffic, ascending"),
            (f"-{MONTHLY_COST}", "Monthly cost at your traffic, descending"),
        ],
        method="filter_sort",
        empty_label="Relevance, then name",
    )

    def filter_sort(self, queryset, name, value):
        if value.removeprefix("-") == MONTHLY_COST:
            return queryset  # ModelDirectoryView sorts by the cost it computes
        return super().filter_sort(queryset, name, value)


class ModelDirectoryView(TrafficMixin, ModelListView):
    filterset_class = TrafficDirectoryFilter
    cost_columns = (Column(MONTHLY_COST, "Monthly cost", MONTHLY_COST, numeric=True),)

    def get_queryset(self):
        self.traffic = self.traffic_context()
        return super().get_queryset()

    def add_costs(self, models: list[LanguageModel]) -> list[LanguageModel]:
        """Each model's ``monthly_cost_usd`` at the visitor's traffic (one query)."""
        traffic = self.traffic["traffic"]
        routes = route_snapshots(
            Offering.objects.live()
            .costed()
            .filter(model__in=[model.pk for model in models])
            .order_by("provider__name", "pk")
        )
        for model in models:
            model.monthly_cost_usd = cheapest_route_cost(
                routes.get(model.pk, []), traffic
            ).estimate.total_usd
        return models

    def paginate_queryset(self, queryset, page_size):
        sort = self.current_sort()
        if sort.removeprefix("-") != MONTHLY_COST:
            paginator, page, rows, more = super().paginate_queryset(queryset, page_size)
            self.add_costs(list(rows))
            return paginator, page, rows, more
        models = self.add_costs(list(queryset))
        known = [m for m in models if m.monthly_cost_usd is not None]
        known.sort(key=lambda m: (m.monthly_cost_usd, m.name), reverse=sort.startswith("-"))
        unknown = [m for m in models if m.monthly_cost_usd is None]  # unknown last either way
        return super().paginate_queryset(known + unknown, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.traffic, **kwargs)
        costs: list[Decimal | None] = [m.monthly_cost_usd for m in context["object_list"]]
        return {**context, "cost_precision": money_precision(costs)}
