"""The directory's filter bar as plain values: each field of the filter form with its label,
help, errors, attributes and options, read off the form's fields and widgets as Django's
widgets read them, and rendered by one Jinja2 template (jinja2/catalog/directory.html, its
``field`` macro) with the markup Django's form templates give them (templates/django/forms/):
rendering ~15 fields and ~120 options widget by widget, a template each, cost ~4 ms a page.

tests/catalog/test_directory.py checks the markup against Django's own rendering of the
form, for chosen values, errors and escaping.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.forms.widgets import Input

# A label gets the form's suffix unless it ends in one of these (BoundField.label_tag).
LABEL_PUNCTUATION = ":?.!"

Attributes = list[tuple[str, str | bool]]  # name, value (True: a bare attribute)


@dataclass(slots=True)
class BarOption:
    value: str
    label: str
    selected: bool
    attrs: Attributes  # a checkbox's own attributes (after its value)


@dataclass(slots=True)
class BarField:
    """One field of the bar: a label, help, errors and a control, or, for a multiple choice,
    a fieldset of checkboxes (``checks``)."""

    name: str
    id: str
    label: str  # bare, as the error list and the chips print it
    label_text: str  # with the form's suffix, as its <label> or <legend> prints it
    help_text: str
    errors: list[str]
    describedby: str
    kind: str  # "input", "select" or "checks"
    input_type: str
    attrs: Attributes  # the control's attributes after its name (and an input's value)
    value: str | None  # an input's value
    options: list[BarOption]

    @property
    def error_target(self) -> str:
        """The id the error list links to: a fieldset's first checkbox."""
        return f"{self.id}_0" if self.kind == "checks" else self.id


def _attributes(attrs: dict) -> Attributes:
    return [(name, value if value is True else str(value)) for name, value in attrs.items()]


def bar_field(bound: BoundField) -> BarField:
    """``bound`` as ``BoundField.as_field_group`` shows it (label_tag, build_widget_attrs and
    the widget's own context, for the widgets the filter form uses)."""
    field, widget, form = bound.field, bound.field.widget, bound.form
    if isinstance(widget, forms.CheckboxSelectMultiple):
        kind = "checks"
    elif isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        kind = "select"
    elif isinstance(widget, Input):
        kind = "input"
    else:
        raise TypeError(f"the filter bar cannot show a {type(widget).__name__}")
    id_ = bound.auto_id
    errors = [str(error) for error in bound.errors]
    describedby = " ".join(
        [*([f"{id_}_helptext"] if field.help_text else []), *([f"{id_}_error"] if errors else [])]
    )
    label = str(field.label)
    suffix = form.label_suffix if field.label_suffix is None else field.label_suffix
    label_text = label + suffix if suffix and label[-1:] not in LABEL_PUNCTUATION else label
    attrs = {**widget.attrs, **({"aria-invalid": "true"} if errors else {})}
    if kind != "checks" and describedby:
        attrs["aria-describedby"] = describedby
    attrs = {name: value for name, value in attrs.items() if value is not False}
    value = widget.format_value(bound.value())
    options = []
    if kind == "checks":
        options = _options(widget, value, _attributes(attrs), id_)
    elif kind == "select":
        options = _options(widget, value)
    return BarField(
        name=bound.name,
        id=id_,
        label=label,
        label_text=label_text,
        help_text=str(field.help_text),
        errors=errors,
        describedby=describedby,
        kind=kind,
        input_type=getattr(widget, "input_type", ""),
        attrs=_attributes({**attrs, "id": id_}) if kind != "checks" else _attributes(attrs),
        value=value if kind == "input" else None,
        options=options,
    )


def _options(widget, chosen: list[str], attrs: Attributes | None = None, id_: str = ""):
    """The choices as ``ChoiceWidget.optgroups`` gives them (no groups here): a single
    choice selects its first match only; a checkbox carries the widget's attributes, its
    own id and ``checked``."""
    options, has_selected, multiple = [], False, widget.allow_multiple_selected
    for index, (value, label) in enumerate(widget.choices):
        value = "" if value is None else str(value)
        selected = (multiple or not has_selected) and value in chosen
        has_selected |= selected
        own = []
        if attrs is not None:
            own = [*attrs, ("id", f"{id_}_{index}"), *([("checked", True)] if selected else [])]
        options.append(BarOption(value, str(label), selected, own))
    return options


def bar_fields(form: forms.Form, names) -> list[BarField]:
    return [bar_field(form[name]) for name in names]
