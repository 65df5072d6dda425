from decimal import Decimal

from django import forms

from comparisons.costs import Traffic, traffic_from_requests

MAX_TOKENS_PER_MONTH = 10**13


class TrafficForm(forms.Form):
    """A month of traffic a visitor types on a comparison page (GET parameters)."""

    input_tokens = forms.IntegerField(
        label="Input tokens per month", min_value=0, max_value=MAX_TOKENS_PER_MONTH
    )
    output_tokens = forms.IntegerField(
        label="Output tokens per month", min_value=0, max_value=MAX_TOKENS_PER_MONTH
    )
    cached_share = forms.DecimalField(
        label="Share of input from the prompt cache (%)",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        required=False,
    )
    batch_share = forms.DecimalField(
        label="Share sent through a batch API (%)",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        required=False,
    )

    @classmethod
    def initial_for(cls, traffic: Traffic) -> dict:
        return {
            "input_tokens": traffic.input_tokens,
            "output_tokens": traffic.output_tokens,
            "cached_share": traffic.cached_share_percent,
            "batch_share": traffic.batch_share_percent,
        }

    def traffic(self) -> Traffic:
        data = self.cleaned_data
        return Traffic(
            input_tokens=data["input_tokens"],
            output_tokens=data["output_tokens"],
            cached_share_percent=data.get("cached_share") or Decimal(0),
            batch_share_percent=data.get("batch_share") or Decimal(0),
        )


class CalculatorForm(forms.Form):
    """The pricing page's cost calculator (GET parameters).

    Traffic is requests per day times tokens per request, or tokens per month when both
    monthly fields are given. A preset fills every field the visitor left empty.
    """

    preset = forms.ChoiceField(label="Workload preset", required=False)
    requests_per_day = forms.IntegerField(
        label="Requests per day", min_value=0, max_value=10**9, required=False
    )
    input_tokens_per_request = forms.IntegerField(
        label="Input tokens per request", min_value=0, max_value=10**8, required=False
    )
    output_tokens_per_request = forms.IntegerField(
        label="Output tokens per request", min_value=0, max_value=10**8, required=False
    )
    input_tokens_per_month = forms.IntegerField(
        label="Or input tokens per month",
        min_value=0,
        max_value=MAX_TOKENS_PER_MONTH,
        required=False,
    )
    output_tokens_per_month = forms.IntegerField(
        label="and output tokens per month",
        min_value=0,
        max_value=MAX_TOKENS_PER_MONTH,
        required=False,
    )
    cached_share = TrafficForm.base_fields["cached_share"]
    batch_share = TrafficForm.base_fields["batch_share"]

    PER_REQUEST = ("requests_per_day", "input_tokens_per_request", "output_tokens_per_request")
    PER_MONTH = ("input_tokens_per_month", "output_tokens_per_month")

    applied_preset = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, presets, default):
        self.presets = {preset.slug: preset for preset in presets}
        chosen = self.presets.get(data.get("preset")) or default
        merged = dict(data.items())
        if chosen is not None:
            # A newly picked preset replaces the figures the page showed for the old one;
            # figures typed over the preset the page already shows win over it.
            switched = data.get("applied_preset", "") != chosen.slug
            preset_values = {
                "requests_per_day": chosen.requests_per_day,
                "input_tokens_per_request": chosen.input_tokens_per_request,
                "output_tokens_per_request": chosen.output_tokens_per_request,
                "cached_share": chosen.cached_share_percent,
                "batch_share": chosen.batch_share_percent,
            }
            monthly_given = any(data.get(name) for name in self.PER_MONTH)
            for name, value in preset_values.items():
                if switched or (not monthly_given and merged.get(name) in (None, "")):
                    merged[name] = value
            if switched:
                for name in self.PER_MONTH:
                    merged.pop(name, None)
            merged["preset"] = chosen.slug
            merged["applied_preset"] = chosen.slug
        given = any(merged.get(name) not in (None, "") for name in self.base_fields)
        super().__init__(merged if given else None)
        self.fields["preset"].choices = [("", "—")] + [
            (preset.slug, preset.name) for preset in presets
        ]

    def clean(self):
        cleaned = super().clean()
        monthly = [cleaned.get(name) for name in self.PER_MONTH]
        per_request = [cleaned.get(name) for name in self.PER_REQUEST]
        if any(value is not None for value in monthly):
            if any(value is None for value in monthly):
                raise forms.ValidationError("Give both input and output tokens per month.")
        elif any(value is None for value in per_request):
            raise forms.ValidationError(
                "Give requests per day with input and output tokens per request, "
                "or input and output tokens per month."
            )
        return cleaned

    def traffic(self) -> Traffic:
        data = self.cleaned_data
        cached = data.get("cached_share") or Decimal(0)
        batch = data.get("batch_share") or Decimal(0)
        if data.get("input_tokens_per_month") is not None:
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
