"""The site FAQ: editors' entries plus questions answered live from the data.

It lives here rather than in ``catalog`` because it answers with comparisons, and ``catalog`` never
imports ``comparisons``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from catalog.formatting import format_price, format_tokens, join_names
from catalog.markdown import render_markdown
from catalog.models import FaqEntry, LanguageModel
from comparisons.jsonld import faq_page

LIVE_LIMIT = 5


@dataclass(frozen=True)
class FaqAnswer:
    question: str
    answer: str  # plain text: what JSON-LD carries
    answer_html: SafeString | str = ""
    models: list[LanguageModel] = field(default_factory=list)
    more_url: str = ""


def _names(models, describe) -> str:
    return join_names(f"{m.name} ({describe(m)})" for m in models)


def largest_context_answer() -> FaqAnswer:
    models = list(
        LanguageModel.objects.published()
        .filter(context_window_tokens__isnull=False)
        .order_by("-context_window_tokens", "name")[:LIVE_LIMIT]
    )
    question = "Which models have the largest context window?"
    if not models:
        return FaqAnswer(question, "No published model has a sourced context window yet.")
    answer = "The largest context windows in the catalogue: " + _names(
        models, lambda m: f"{format_tokens(m.context_window_tokens)} tokens"
    )
    return FaqAnswer(question, answer + ".", models=models, more_url="/models/?sort=-context")


def open_function_calling_answer() -> FaqAnswer:
    models = list(
        LanguageModel.objects.published()
        .open_weights()
        .with_capabilities(["function-calling"])
        .select_related("license")
        .order_by(F("release_date").desc(nulls_last=True), "name")
    )
    question = "Which open-weight models support function calling?"
    if not models:
        return FaqAnswer(question, "No open-weight model with function calling is recorded yet.")
    answer = (
        f"{len(models)} open-weight model{'s support' if len(models) != 1 else ' supports'} "
        "function calling: " + _names(models, lambda m: m.license.name) + "."
    )
    return FaqAnswer(
        question,
        answer,
        models=models,
        more_url="/models/?openness=open-weights&capability=function-calling",
    )


def cheapest_vision_answer() -> FaqAnswer:
    models = list(
        LanguageModel.objects.published()
        .with_capabilities(["vision"])
        .with_cheapest_route()
        .filter(cheapest_input_usd_per_mtok__isnull=False)
        .order_by(F("cheapest_input_usd_per_mtok") + F("cheapest_output_usd_per_mtok"), "name")[:3]
    )
    question = "What is the cheapest model with vision?"
    if not models:
        return FaqAnswer(question, "No model with vision has a complete price recorded yet.")
    first = models[0]
    answer = (
        f"{first.name}, at {format_price(first.cheapest_input_usd_per_mtok)} per 1M input tokens "
        f"and {format_price(first.cheapest_output_usd_per_mtok)} per 1M output tokens "
        f"({first.cheapest_provider_name})."
    )
    if len(models) > 1:
        answer += " Next: " + _names(
            models[1:],
            lambda m: (
                f"{format_price(m.cheapest_input_usd_per_mtok)} / "
                f"{format_price(m.cheapest_output_usd_per_mtok)}"
            ),
        )
        answer += "."
    return FaqAnswer(
        question,
        answer,
        models=models,
        more_url="/models/?capability=vision&sort=input_price",
    )


def live_answers() -> list[FaqAnswer]:
    """Questions answered from the catalogue as it is now (one query each)."""
    return [largest_context_answer(), open_function_calling_answer(), cheapest_vision_answer()]


def editorial_answers() -> list[FaqAnswer]:
    entries = FaqEntry.objects.filter(model__isnull=True, is_published=True)
    answers = []
    for entry in entries:
        html = render_markdown(entry.answer)
        answers.append(FaqAnswer(entry.question, strip_tags(html).strip(), html))
    return answers


class FaqView(TemplateView):
    template_name = "comparisons/faq.html"

    def get_context_data(self, **kwargs):
        editorial, live = editorial_answers(), live_answers()
        return super().get_context_data(
            editorial=editorial,
            live=live,
            faq_json_ld=faq_page([*editorial, *live]),
            **kwargs,
        )
