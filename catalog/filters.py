"""The model directory's filters: every GET parameter of /models/ is one filter here.

The parameter names are a public contract (links from other pages and other sites use
them): q, license, openness, commercial_use, min_context, max_context, lab, provider,
capability, input_modality, max_input_price, max_output_price, released_after,
released_before, sort. The directory also reads the traffic parameters of the comparison
pages (requests_per_day, ...; see comparisons.directory) for its monthly-cost column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Value
from django.http import QueryDict

from catalog.formatting import format_date, format_price, format_tokens
from catalog.models import (
    MAX_PRICE,
    MAX_TOKENS,
    MONEY,
    Capability,
    Lab,
    License,
    Modality,
    Provider,
)

OPENNESS_CHOICES = [
    ("open-weights", "Open weights (includes open source)"),
    ("open-source", "Open source only"),
    ("proprietary", "Proprietary"),
]
MODALITY_CHOICES = [(m.value, m.label) for m in Modality if m != Modality.TEXT]

# sort value -> (label, expression); "-value" sorts descending. Unknown values sort last.
SORTS = {
    "name": ("Name", F("name")),
    "lab": ("Lab", F("lab__name")),
    "release_date": ("Release date", F("release_date")),
    "context": ("Context window", F("context_window_tokens")),
    "input_price": ("Input price", F("cheapest_input_usd_per_mtok")),
    "output_price": ("Output price", F("cheapest_output_usd_per_mtok")),
    "blended_price": ("Blended price", F("blended_usd_per_mtok")),  # 3 input : 1 output
    "providers": ("Providers", F("offering_count")),
}
SORT_CHOICES = [
    choice
    for key, (label, _) in SORTS.items()
    for choice in ((key, f"{label}, ascending"), (f"-{key}", f"{label}, descending"))
]


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices of the lab, provider, license and capability filters, (slug, name) each
    in its order, read in one query: labs, public providers and licenses by name,
    capabilities by position then name."""
    sql, params = _filter_choices_sql()
    choices = {name: [] for name in FILTER_CHOICES}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, _, label, slug in cursor.fetchall():
            choices[name].append((slug, label))
    return choices


FILTER_CHOICES = ("lab", "provider", "license", "capability")


@cache
def _filter_choices_sql() -> tuple[str, tuple]:
    """``filter_choices``' UNION, compiled once per process (it reads no request value and
    no date): compiling it cost more than running it."""
    parts = [
        (Lab.objects.all(), Value(0)),
        (Provider.objects.public(), Value(0)),
        (License.objects.all(), Value(0)),
        (Capability.objects.all(), F("position")),
    ]
    rows = [
        queryset.order_by()
        .annotate(choice=Value(name), rank=position)
        .values_list("choice", "rank", "name", "slug")
        for name, (queryset, position) in zip(FILTER_CHOICES, parts, strict=True)
    ]
    union = rows[0].union(*rows[1:], all=True).order_by("choice", "rank", "name", "slug")
    return union.query.sql_with_params()


class TokenFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PriceFilter(django_filters.NumberFilter):
    """A price in USD per 1M tokens, as precise as the catalogue stores prices: no NaN or
    infinity, no 1e-16384 (more decimal places than a price has), nothing over MAX_PRICE."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_PRICE)
        kwargs.setdefault("decimal_places", MONEY["decimal_places"])
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None  # max_value says it, once


class SlugMultipleFilter(django_filters.MultipleChoiceFilter):
    """Repeatable slug parameter, shown as checkboxes (choices: ``filter_choices``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class OwnFields(dict):
    """A filter form class's fields, made for one filter set (``get_form_class`` builds the
    class from that filter set's own copies of its filters): its form takes them as they are
    instead of deep-copying them (``BaseForm.__init__``), choices and all (~half the cost
    of the filter bar)."""

    def __deepcopy__(self, memo):
        return dict(self)


class LanguageModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=100,
        help_text="Name, lab, family or API identifier, e.g. “haiku 4.5”.",
    )
    openness = django_filters.ChoiceFilter(
        label="Openness",
        choices=OPENNESS_CHOICES,
        method="filter_openness",
        empty_label="Any",
        help_text="“Open weights” lists every model whose weights you can download, "
        "open-source models included.",
    )
    license = SlugMultipleFilter(label="License", field_name="license__slug")
    commercial_use = django_filters.ChoiceFilter(
        label="Commercial use",
        field_name="license__commercial_use",
        choices=License.CommercialUse.choices,
        empty_label="Any",
    )
    min_context = TokenFilter(
        label="Context at least (tokens)",
        field_name="context_window_tokens",
        lookup_expr="gte",
        min_value=1,
        max_value=MAX_TOKENS,
    )
    max_context = TokenFilter(
        label="Context at most (tokens)",
        field_name="context_window_tokens",
        lookup_expr="lte",
        min_value=1,
        max_value=MAX_TOKENS,
    )
    lab = django_filters.ChoiceFilter(label="Lab", field_name="lab__slug", empty_label="Any lab")
    provider = django_filters.ChoiceFilter(
        label="Served by", method="filter_provider", empty_label="Any provider"
    )
    capability = SlugMultipleFilter(label="Capabilities (all of)", method="filter_capability")
    input_modality = django_filters.ChoiceFilter(
        label="Accepts input",
        choices=MODALITY_CHOICES,
        method="filter_modality",
        empty_label="Any",
    )
    max_input_price = PriceFilter(
        label="Input price at most (USD / 1M tokens)",
        field_name="cheapest_input_usd_per_mtok",
        lookup_expr="lte",
    )
    max_output_price = PriceFilter(
        label="Output price at most (USD / 1M tokens)",
        field_name="cheapest_output_usd_per_mtok",
        lookup_expr="lte",
    )
    released_after = django_filters.DateFilter(
        label="Released on or after",
        field_name="release_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    released_before = django_filters.DateFilter(
        label="Released on or before",
        field_name="release_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label="Relevance, then name",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in filter_choices().items():
            self.filters[name].extra["choices"] = choices

    def get_form_class(self):
        form = super().get_form_class()
        form.base_fields = OwnFields(form.base_fields)
        return form

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_openness(self, queryset, name, value):
        if value == "open-weights":
            return queryset.open_weights()
        return queryset.filter(license__openness=value)

    def filter_provider(self, queryset, name, value):
        return queryset.served_by(value)

    def filter_capability(self, queryset, name, value):
        return queryset.with_capabilities(value)

    def filter_modality(self, queryset, name, value):
        return queryset.filter(input_modalities__contains=[value])

    def filter_sort(self, queryset, name, value):
        key = value.removeprefix("-")
        expression = SORTS[key][1]
        ordered = (
            expression.desc(nulls_last=True)
            if value.startswith("-")
            else expression.asc(nulls_last=True)
        )
        return queryset.order_by(ordered, "name")

    @property
    def active(self) -> bool:
        """Whether any filter (not the sort, not the page) narrows the list."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) for name in self.filters if name != "sort")


# The filters shown in the directory's top bar; the others fold under "More filters".
PRIMARY_FILTERS = ("q", "openness", "lab", "provider", "sort")


@dataclass(frozen=True)
class Chip:
    """An active filter, shown as a chip whose link removes it."""

    label: str
    value: str
    remove_query: str  # the page's query string without this filter (and without ``page``)


def _chip_text(filterset: LanguageModelFilter, name: str, value) -> str:
    field = filterset.form.fields[name]
    if isinstance(value, Decimal):
        return f"{format_price(value)} / 1M tokens"
    if name in ("min_context", "max_context"):
        return f"{format_tokens(value)} tokens"
    if hasattr(value, "isoformat"):
        return format_date(value)
    choices = dict(getattr(field, "choices", ()) or ())
    return str(choices.get(value, value))


def active_chips(filterset: LanguageModelFilter, query: QueryDict) -> list[Chip]:
    """One chip per active filter value (each license and capability its own chip)."""
    if not filterset.is_bound or not filterset.form.is_valid():
        cleaned = getattr(filterset.form, "cleaned_data", {})
    else:
        cleaned = filterset.form.cleaned_data
    chips = []
    for name, field in filterset.form.fields.items():
        value = cleaned.get(name)
        if name == "sort" or value in (None, "") or not query.get(name):
            continue
        label = str(field.label).split(" (")[0]  # "Capabilities (all of)" -> "Capabilities"
        if isinstance(field, forms.MultipleChoiceField):
            names = dict(field.choices)
            for item in value:
                rest = query.copy()
                rest.setlist(name, [slug for slug in query.getlist(name) if slug != item])
                rest.pop("page", None)
                chips.append(Chip(label, names[item], rest.urlencode()))
            continue
        rest = query.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        chips.append(Chip(label, _chip_text(filterset, name, value), rest.urlencode()))
    return chips
