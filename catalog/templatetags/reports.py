"""{% report_figure_link model "release_date" %}: a row's link to report that very figure.

It opens the report page with the model and the figure chosen (catalog.corrections), so the
page itself carries no form and sets no cookie.
"""

from django import template
from django.utils.html import format_html

from catalog.corrections import MODEL_FIGURES, Figure, report_url

register = template.Library()


@register.simple_tag(takes_context=True)
def report_figure_link(context, model, field: str) -> str:
    figure = Figure("model", model.slug, field).value
    url = report_url([model.slug], back=context["request"].path, figure=figure)
    label = MODEL_FIGURES[field][0].lower()
    return format_html(
        '<a class="report-figure" href="{}" aria-label="Report a wrong {}">report</a>', url, label
    )
