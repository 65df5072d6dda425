"""The model directory at the visitor's traffic: /models/ plus a monthly-cost column and sort.

``catalog.views.ModelListView`` is the directory (filters, chips, prices, blended price);
this subclass adds what only ``comparisons`` knows: the traffic in the URL (the same
parameters as the comparison pages and /pricing/), its presets and the cost maths (the SQL
twin of ``comparisons.costs``, in ``comparisons.pricing``), so ``catalog`` never imports
``comparisons``. modelref/urls.py
serves it at /models/ (``catalog:model-list`` still names that URL).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from types import SimpleNamespace

import django_filters
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from catalog.directory import Column, current_sort
from catalog.filters import SORT_CHOICES, LanguageModelFilter
from catalog.formatting import money_precision
from catalog.views import ModelListView
from comparisons.costs import Traffic
from comparisons.pricing import MONTHLY_COST, cheapest_cost_sql, cost_page
from comparisons.views import TrafficMixin

COST_SORT = "monthly_cost"


@dataclass(frozen=True)
class MonthlyCost:
    """Each row's ``cheapest_monthly_cost_usd`` at ``traffic``: a ``RowExtra`` keyed by the
    traffic's figures as given and the day (which decides the live routes)."""

    traffic: Traffic = field(compare=False)
    key: tuple = ()

    @classmethod
    def at(cls, traffic: Traffic) -> MonthlyCost:
        return cls(traffic, (*map(str, astuple(traffic)), timezone.localdate()))

    def annotations(self) -> dict:
        return {MONTHLY_COST: cheapest_cost_sql(self.traffic)}


class TrafficDirectoryFilter(LanguageModelFilter):
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[
            *SORT_CHOICES,
            (COST_SORT, "Monthly cost at your traffic, ascending"),
            (f"-{COST_SORT}", "Monthly cost at your traffic, descending"),
        ],
        method="filter_sort",
        empty_label="Relevance, then name",
    )

    def filter_sort(self, queryset, name, value):
        if value.removeprefix("-") != COST_SORT:
            return super().filter_sort(queryset, name, value)
        cost = F(MONTHLY_COST)  # unknown last either way
        first = cost.desc(nulls_last=True) if value.startswith("-") else cost.asc(nulls_last=True)
        return queryset.order_by(first, "name")


class ModelDirectoryView(TrafficMixin, ModelListView):
    """The directory with each model's ``cheapest_monthly_cost_usd`` at the visitor's traffic:
    its cheapest live route's month (``comparisons.pricing.cheapest_cost_sql``, the SQL twin
    of ``costs.cheapest_route_cost``), read for the page's rows, or for every model it sorts."""

    filterset_class = TrafficDirectoryFilter
    cost_columns = (Column(COST_SORT, "Monthly cost", COST_SORT, numeric=True),)

    def get_queryset(self):
        """Every model's monthly cost only for the cost sorts (the page's rows read theirs)."""
        self.traffic = self.traffic_context()
        models = super().get_queryset()
        if self.request.GET.get("sort", "").removeprefix("-") != COST_SORT:
            return models
        return models.annotate(**self.row_extra().annotations())

    def row_extra(self) -> MonthlyCost:
        return MonthlyCost.at(self.traffic["traffic"])

    def counts_with_page(self) -> bool:
        """By cost, the count comes first: ``cost_page`` reads it."""
        return super().counts_with_page() and not self.sorted_by_cost()

    def sorted_by_cost(self) -> bool:
        return current_sort(self.filterset).removeprefix("-") == COST_SORT

    def page_ids(self, queryset, page) -> list[int]:
        """By cost, only the models around the page are costed (``cost_page``, as on
        /pricing/)."""
        if not self.sorted_by_cost() or not page.paginator.count:
            return super().page_ids(queryset, page)
        models = cost_page(
            queryset,
            traffic=self.traffic["traffic"],
            start=page.start_index() - 1,
            stop=page.end_index(),
            dearest=current_sort(self.filterset).startswith("-"),
        )
        return list(models.values_list("pk", flat=True))

    def cost_precision(self, models: list[SimpleNamespace]) -> str:
        return money_precision([model.cheapest_monthly_cost_usd for model in models])

    def traffic_bar(self, context: dict) -> dict:
        return {
            "traffic_bar": render_to_string("includes/traffic_bar.html", context),
            "traffic_parameters": self.traffic["traffic_parameters"],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.traffic, **kwargs)
