"""Public forms of the catalogue: reporting a wrong value."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator

from catalog.corrections import (
    PARSERS,
    CorrectionError,
    Figure,
    figure_choices,
    figure_target,
    submit_report,
)
from catalog.models import CorrectionReport, LanguageModel
from catalog.text import refuse_control_characters


def report_field_limit(name: str) -> int:
    """A report field's length limit: the model's, so form, report and acceptance agree."""
    return CorrectionReport._meta.get_field(name).max_length


class WebURLField(forms.URLField):
    """A URL a browser opens: http or https only (no ftp:, javascript:, data:...)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CorrectionReportForm(forms.Form):
    """Report a wrong figure among the page's ``models`` and suggest the right value."""

    figure = forms.ChoiceField(label="Which figure is wrong?")
    suggested_value = forms.CharField(
        label="The right value",
        max_length=report_field_limit("suggested_value"),
        validators=[refuse_control_characters],
        help_text="For example 1.25 (USD per 1M tokens), 200000 or 200k (tokens), 2025-06-01, "
        "yes / no (capabilities), a license's name, 80.9 (a score).",
    )
    source_url = WebURLField(
        label="Source link",
        max_length=report_field_limit("source_url"),
        validators=[refuse_control_characters],
        assume_scheme="https",
        help_text="A page that shows the right value: model card, pricing page, announcement.",
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=report_field_limit("note"),
        validators=[refuse_control_characters],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Hidden context: the page's models and where to go back to.
    models = forms.CharField(widget=forms.HiddenInput, required=False)
    next = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=report_field_limit("page_url"),
        validators=[refuse_control_characters],
    )
    # A honeypot: people never see it, bots fill it in.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, models: list[LanguageModel], **kwargs):
        """``models``: the reported page's models, offerings prefetched."""
        kwargs.setdefault("auto_id", "report-%s")  # ids unique on pages with other forms
        super().__init__(*args, **kwargs)
        self.page_models = models
        self.fields["figure"].choices = [
            ("", "Choose a figure"),
            *figure_choices(models),
        ]
        self.fields["models"].initial = ",".join(m.slug for m in models)
        self.target = None

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_figure(self):
        value = self.cleaned_data["figure"]
        figure = Figure.parse(value)
        self.target = figure_target(figure, self.page_models) if figure else None
        if self.target is None:
            raise forms.ValidationError("Choose one of the figures on this page.")
        self.figure = figure
        return value

    def clean_suggested_value(self):
        value = self.cleaned_data["suggested_value"].strip()
        if not value:
            raise forms.ValidationError("Give the value you believe is right.")
        return value

    def clean(self):
        """The value must be one the editor can apply: the same parser decides here and at
        acceptance (catalog.corrections.PARSERS)."""
        data = super().clean()
        figure, value = getattr(self, "figure", None), data.get("suggested_value")
        if figure and value:
            try:
                PARSERS[figure.report_field](value)
            except CorrectionError as error:
                self.add_error("suggested_value", str(error))
        return data

    def save(self, *, page_url: str, key: str) -> CorrectionReport | None:
        """Store the valid report for the editors (a spam trap's is dropped, silently).
        Raises RateLimited when the client ``key`` is over its hourly allowance."""
        if self.is_spam:
            return None
        data = self.cleaned_data
        return submit_report(
            target=self.target,
            field=self.figure.report_field,
            suggested_value=data["suggested_value"],
            source_url=data["source_url"],
            note=data["note"],
            page_url=page_url,
            key=key,
        )
