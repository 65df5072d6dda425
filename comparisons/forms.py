"""The traffic a visitor prices: one form, the same GET parameters on every page.

The comparison pages and /pricing/ read the same parameters, so a traffic link works on
both. The rules, which make any URL reproduce its result:

* Figures in the URL always win. ``preset`` only fills the figures the URL leaves out, and
  a URL with no figures and no preset shows the editors' default preset.
* Traffic is requests per day times tokens per request over an average month of 30.4375
  days (365.25 / 12), or tokens per month when both monthly fields are given.
* The preset shown is the one whose traffic equals the figures used; any other figures
  are "Custom". Presets are plain links (``?preset=rag``), so they work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.http import QueryDict

from comparisons.costs import DAYS_PER_MONTH, Traffic, traffic_from_requests
from comparisons.models import TrafficProfile
from modelref.templating import Jinja2FormRenderer

MAX_TOKENS_PER_MONTH = 10**13
CUSTOM = "Custom"
# Used only when editors have not set up any traffic profile.
FALLBACK_TRAFFIC = Traffic(input_tokens=500_000_000, output_tokens=100_000_000)
FALLBACK_NAME = "500M input and 100M output tokens a month"


def _share(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        required=False,
    )


def _count(label: str, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, required=False)


class TrafficForm(forms.Form):
    default_renderer = Jinja2FormRenderer()  # on every comparison, directory and pricing page

    requests_per_day = _count("Requests per day", 10**9)
    input_tokens_per_request = _count("Input tokens per request", 10**8)
    output_tokens_per_request = _count("Output tokens per request", 10**8)
    input_tokens_per_month = _count("Or input tokens per month", MAX_TOKENS_PER_MONTH)
    output_tokens_per_month = _count("and output tokens per month", MAX_TOKENS_PER_MONTH)
    cached_share = _share("Input from the prompt cache (%)")
    batch_share = _share("Sent through a batch API (%)")

    PER_REQUEST = ("requests_per_day", "input_tokens_per_request", "output_tokens_per_request")
    PER_MONTH = ("input_tokens_per_month", "output_tokens_per_month")
    SHARES = ("cached_share", "batch_share")
    FIGURES = PER_REQUEST + PER_MONTH + SHARES
    PARAMETERS = (*FIGURES, "preset")
    DAYS_PER_MONTH = DAYS_PER_MONTH

    def __init__(self, query: QueryDict, *, presets: Iterable[TrafficProfile]):
        self.presets = list(presets)
        self.default = next((p for p in self.presets if p.is_default), None) or (
            self.presets[0] if self.presets else None
        )
        self.asked_preset = query.get("preset", "")
        self.named = next((p for p in self.presets if p.slug == self.asked_preset), None)
        given = {name: query[name] for name in self.FIGURES if query.get(name, "").strip()}
        base = self.named or (None if given or self.asked_preset else self.default)
        data = {**preset_figures(base), **given} if base else given
        super().__init__(data if data or self.asked_preset else None)

    def clean(self):
        cleaned = super().clean()
        if self.asked_preset and self.named is None:
            raise forms.ValidationError(f"There is no workload preset “{self.asked_preset}”.")
        if any(cleaned.get(name) is not None for name in self.PER_MONTH):
            if any(cleaned.get(name) is None for name in self.PER_MONTH):
                raise forms.ValidationError("Give both input and output tokens per month.")
        elif any(cleaned.get(name) is None for name in self.PER_REQUEST):
            raise forms.ValidationError(
                "Give requests per day with input and output tokens per request, "
                "or input and output tokens per month."
            )
        return cleaned

    @property
    def usable(self) -> bool:
        return self.is_bound and self.is_valid()

    @property
    def monthly(self) -> bool:
        """True when the figures used are tokens per month, not requests per day."""
        return self.usable and self.cleaned_data.get("input_tokens_per_month") is not None

    def traffic(self) -> Traffic:
        """The traffic to price: the figures, or the default when they cannot be used."""
        if not self.usable:
            return self.default.traffic() if self.default else FALLBACK_TRAFFIC
        data = self.cleaned_data
        cached = data.get("cached_share") or Decimal(0)
        batch = data.get("batch_share") or Decimal(0)
        if self.monthly:
            return Traffic(
                input_tokens=data["input_tokens_per_month"],
                output_tokens=data["output_tokens_per_month"],
                cached_share_percent=cached,
                batch_share_percent=batch,
            )
        return traffic_from_requests(
            requests_per_day=data["requests_per_day"],
            input_tokens_per_request=data["input_tokens_per_request"],
            output_tokens_per_request=data["output_tokens_per_request"],
            cached_share_percent=cached,
            batch_share_percent=batch,
        )

    def per_request(self) -> tuple[int, int, int] | None:
        """(requests per day, input and output tokens per request) behind the traffic."""
        if self.usable and not self.monthly:
            return tuple(self.cleaned_data[name] for name in self.PER_REQUEST)
        source = self.default if not self.usable else None
        if source is None:
            return None
        return (
            source.requests_per_day,
            source.input_tokens_per_request,
            source.output_tokens_per_request,
        )

    def preset(self) -> TrafficProfile | None:
        """The preset whose traffic equals the traffic priced; None for custom figures."""
        traffic = self.traffic()
        matching = [p for p in self.presets if p.traffic() == traffic]
        return next((p for p in matching if p == self.named), None) or next(iter(matching), None)

    def label(self) -> str:
        preset = self.preset()
        if preset:
            return preset.name
        return CUSTOM if self.usable or self.default else FALLBACK_NAME

    def preset_links(self, query: QueryDict) -> list[tuple[str, str, bool]]:
        """(name, query string, is current) for each preset and for "Custom"."""
        current = self.preset()
        kept = query.copy()
        for name in (*self.PARAMETERS, "page"):
            kept.pop(name, None)
        links = []
        for preset in self.presets:
            link = kept.copy()
            link["preset"] = preset.slug
            links.append((preset.name, link.urlencode(), preset == current))
        return links

    def kept_parameters(self, query: QueryDict) -> list[tuple[str, str]]:
        """The page's other parameters (sort, filters...), for hidden fields of this form."""
        return [
            (key, value)
            for key, values in query.lists()
            if key not in self.PARAMETERS and key != "page"
            for value in values
        ]

    def traffic_parameters(self, query: QueryDict) -> list[tuple[str, str]]:
        """This form's parameters, for hidden fields of the page's other forms."""
        return [
            (key, value)
            for key, values in query.lists()
            if key in self.PARAMETERS
            for value in values
        ]


def preset_figures(preset: TrafficProfile) -> dict[str, object]:
    return {
        "requests_per_day": preset.requests_per_day,
        "input_tokens_per_request": preset.input_tokens_per_request,
        "output_tokens_per_request": preset.output_tokens_per_request,
        "cached_share": preset.cached_share_percent,
        "batch_share": preset.batch_share_percent,
    }
