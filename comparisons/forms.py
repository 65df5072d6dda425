from decimal import Decimal

from django import forms

from comparisons.costs import Traffic

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
