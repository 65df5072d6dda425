"""The site FAQ: editors' entries plus questions answered live from the data.

It lives here rather than in ``catalog`` because it answers with comparisons, and ``catalog`` never
imports ``comparisons``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from catalog.faq import FaqItem, editorial_faq
from catalog.formatting import format_price, format_score, format_tokens, join_names
from catalog.leaderboards import ranked_results
from catalog.models import FaqEntry, LanguageModel
from catalog.views import headline_benchmark
from comparisons.home import TIERS, Tier, cheapest_by_tier, tier_url
from comparisons.jsonld import faq_page

LIVE_LIMIT = 5


@dataclass(frozen=True)
class FaqAnswer:
    question: str
    answer: str  # plain text: what JSON-LD carries
    answer_html: SafeString | str = ""
    models: list[LanguageModel] = field(default_factory=list)
    more_url: str = ""
    figures: list[str] = field(default_factory=list)  # one per model, shown beside it
    total: int = 0  # how many models answer, when the list names only the first few

    @property
    def more(self) -> int:
        """How many answering models the list leaves to ``more_url``."""
        return max(0, self.total - len(self.models))

    @property
    def rows(self) -> list[tuple[LanguageModel, str]]:
        return list(zip(self.models, self.figures or [""] * len(self.models), strict=True))


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

    def tokens(model) -> str:
        return f"{format_tokens(model.context_window_tokens)} tokens"

    answer = "The largest context windows in the catalogue: " + _names(models, tokens)
    return FaqAnswer(
        question,
        answer + ".",
        models=models,
        more_url="/models/?sort=-context",
        figures=[tokens(m) for m in models],
    )


def open_function_calling_answer() -> FaqAnswer:
    """The count, and the LIVE_LIMIT newest (then by name); "and N more" links to the
    directory filtered the same way, newest first, which lists them all. Two queries: the
    newest come off an index, where counting them in the same query read every one."""
    answering = (
        LanguageModel.objects.published().open_weights().with_capabilities(["function-calling"])
    )
    models = list(
        answering.select_related("license").order_by(
            F("release_date").desc(nulls_last=True), "name"
        )[:LIVE_LIMIT]
    )
    question = "Which open-weight models support function calling?"
    if not models:
        return FaqAnswer(question, "No open-weight model with function calling is recorded yet.")
    total = answering.count()
    names = _names(models, lambda m: m.license.name)
    answer = (
        f"{total} open-weight model{'s support' if total != 1 else ' supports'} function calling"
    )
    if total > len(models):
        answer += f"; the {len(models)} newest: {names}; and {total - len(models)} more."
    else:
        answer += f": {names}."
    return FaqAnswer(
        question,
        answer,
        models=models,
        more_url="/models/?openness=open-weights&capability=function-calling&sort=-release_date",
        figures=[m.license.name for m in models],
        total=total,
    )


def describe_price(model: LanguageModel) -> str:
    """ "$0.325 blended ($0.10 input, $1.00 output at Groq)"."""
    return (
        f"{format_price(model.blended_usd_per_mtok)} blended "
        f"({format_price(model.cheapest_input_usd_per_mtok)} input, "
        f"{format_price(model.cheapest_output_usd_per_mtok)} output at "
        f"{model.cheapest_provider_name})"
    )


def cheapest_answer(tier: Tier, models: list[LanguageModel], question: str) -> FaqAnswer:
    """The cheapest three of a tier by blended price per 1M tokens (``cheapest_by_tier``)."""
    if not models:
        return FaqAnswer(question, f"No model in “{tier.label}” has a complete price yet.")
    first, rest = models[0], models[1:]
    answer = f"{first.name}, at {describe_price(first)} per 1M tokens."
    if rest:
        answer += " Next: " + _names(
            rest, lambda m: f"{format_price(m.blended_usd_per_mtok)} blended"
        )
        answer += "."
    return FaqAnswer(
        question,
        answer,
        models=models,
        more_url=tier_url(tier),
        figures=[describe_price(m) for m in models],
    )


def top_score_answer() -> FaqAnswer:
    """The first three of the headline benchmark's leaderboard (two queries)."""
    benchmark = headline_benchmark()
    question = "Which model scores highest on the most reported benchmark?"
    if benchmark is None:
        return FaqAnswer(question, "No benchmark result is sourced yet.")
    results = list(ranked_results(benchmark)[:3])
    question = f"Which model scores highest on {benchmark.name}?"
    if not results:
        return FaqAnswer(question, f"No {benchmark.name} result is sourced yet.")
    models = [result.model for result in results]
    unit = f" {benchmark.unit}" if benchmark.unit else ""
    scores = [f"{format_score(r.score, benchmark.score_decimals)}{unit}" for r in results]
    names = join_names(f"{m.name} ({score})" for m, score in zip(models, scores, strict=True))
    answer = (
        f"On {benchmark.name} ({benchmark.get_ranked_setting_display().lower()} setting): "
        + names
        + "."
    )
    return FaqAnswer(
        question, answer, models=models, more_url=benchmark.get_absolute_url(), figures=scores
    )


def longest_output_answer() -> FaqAnswer:
    models = list(
        LanguageModel.objects.published()
        .filter(max_output_tokens__isnull=False)
        .order_by("-max_output_tokens", "name")[:3]
    )
    question = "Which models write the longest responses?"
    if not models:
        return FaqAnswer(question, "No published model has a sourced maximum output yet.")

    def tokens(model) -> str:
        return f"{format_tokens(model.max_output_tokens)} output tokens"

    return FaqAnswer(
        question,
        "The largest maximum outputs: " + _names(models, tokens) + ".",
        models=models,
        figures=[tokens(m) for m in models],
    )


def live_answers() -> list[FaqAnswer]:
    """Questions answered from the catalogue as it is now (one or two queries each)."""
    tiers = {tier.label: tier for tier in TIERS}
    cheapest = cheapest_by_tier(limit=3)

    def answer(label: str, question: str) -> FaqAnswer:
        return cheapest_answer(tiers[label], cheapest[label], question)

    return [
        answer("Any model", "What is the cheapest AI language model?"),
        answer("With vision", "What is the cheapest model with vision?"),
        answer("With function calling", "What is the cheapest model with function calling?"),
        answer("Open weights", "What is the cheapest open-weights model?"),
        answer(
            "1M-token context or more",
            "What is the cheapest model with a context window of 1M tokens or more?",
        ),
        largest_context_answer(),
        longest_output_answer(),
        top_score_answer(),
        open_function_calling_answer(),
    ]


def editorial_answers() -> list[FaqItem]:
    return editorial_faq(FaqEntry.objects.filter(model__isnull=True, is_published=True))


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
