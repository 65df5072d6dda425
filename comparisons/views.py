from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from catalog.charts import bar_chart, price_history_chart
from catalog.corrections import report_url
from catalog.faq import editorial_faq
from catalog.filters import LanguageModelFilter
from catalog.formatting import format_tokens, money_formatter
from catalog.models import LanguageModel, Offering, stale_before
from catalog.pagination import page_of
from comparisons.analysis import build_comparison
from comparisons.forms import TrafficForm
from comparisons.jsonld import faq_page
from comparisons.models import (
    MAX_MODELS,
    MIN_MODELS,
    CuratedComparison,
    TrafficProfile,
    canonical_key,
)
from comparisons.pricing import (
    CHART_POINTS,
    DEFAULT_SORT,
    MODELS_PER_PAGE,
    ROUTE_COLUMNS,
    ROUTE_SORTS,
    attach_price_changes,
    cost_precision,
    model_group,
    ordered_for_pricing,
    price_score_section,
)
from comparisons.selectors import (
    TOO_FEW_OR_MANY,
    ComparisonRequestError,
    featured_comparisons,
    parse_model_texts,
    pick_models,
    picker_models,
    popular_comparisons,
    related_comparisons,
    split_key,
    validate_slugs,
)
from comparisons.snapshots import capability_refs, snapshot_models
from comparisons.visits import record_visit


class TrafficMixin:
    """The traffic bar both the comparison and the pricing pages show (one query)."""

    def traffic_context(self) -> dict:
        form = TrafficForm(self.request.GET, presets=TrafficProfile.objects.all())
        return {
            "traffic_form": form,
            "traffic": form.traffic(),
            "traffic_label": form.label(),
            "preset_links": form.preset_links(self.request.GET),
            "kept_parameters": form.kept_parameters(self.request.GET),
            "traffic_parameters": form.traffic_parameters(self.request.GET),
        }


class PickerView(TemplateView):
    """Choose two to four models by typing names or slugs; redirects to the canonical page.

    A plain GET form: the inputs suggest models from a bounded <datalist>, and every typed
    text is matched on the server, so any published model can be picked without JavaScript.
    """

    template_name = "comparisons/picker.html"

    def get(self, request, *args, **kwargs):
        if "models" not in request.GET:
            return self.render_to_response(self.get_context_data())
        texts = parse_model_texts(request.GET.getlist("models"))
        if not MIN_MODELS <= len(texts) <= MAX_MODELS:
            context = self.get_context_data(error=TOO_FEW_OR_MANY, typed=texts)
            return self.render_to_response(context, status=400)
        picks = pick_models(texts)
        problems = [pick for pick in picks if pick.problem]
        error = ""
        if not problems:
            try:
                canonical = validate_slugs([pick.model.slug for pick in picks])
                return redirect("comparisons:compare", key=canonical_key(canonical))
            except ComparisonRequestError as problem:
                error = str(problem)
        context = self.get_context_data(error=error, problems=problems, typed=texts)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        typed = kwargs.pop("typed", [])
        return super().get_context_data(
            models=picker_models(),
            slots=[
                (number, typed[number - 1] if number <= len(typed) else "")
                for number in range(1, 5)
            ],
            featured=featured_comparisons(),
            popular=popular_comparisons(),
            **kwargs,
        )


class CompareView(TrafficMixin, TemplateView):
    template_name = "comparisons/compare.html"

    def get(self, request, *args, key: str, **kwargs):
        try:
            canonical = validate_slugs(split_key(key))
        except ComparisonRequestError as problem:
            raise Http404(str(problem)) from problem
        canonical_url = reverse("comparisons:compare", args=[canonical_key(canonical)])
        if canonical_key(canonical) != key:
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(canonical_url + query, permanent=True)
        snapshots = snapshot_models(canonical)
        if len(snapshots) != len(canonical):
            raise Http404("Some of those models are not in the catalogue.")
        record_visit(request, key)
        return self.render_to_response(self.get_context_data(key=key, snapshots=snapshots))

    def get_context_data(self, *, key, snapshots, **kwargs):
        traffic = self.traffic_context()
        curated = CuratedComparison.objects.for_key(key)
        comparison = build_comparison(
            snapshots,
            capabilities=capability_refs(),
            traffic=traffic["traffic"],
            curated_intro=curated.intro if curated else "",
            curated_verdict=curated.verdict if curated else "",
        )
        faq = [*comparison.faq, *editorial_faq(curated.faq_entries.all() if curated else [])]
        return super().get_context_data(
            comparison=comparison,
            curated=curated,
            faq=faq,
            faq_json_ld=faq_page(faq),
            **traffic,
            related=related_comparisons(snapshots),
            context_chart=bar_chart(
                "Context window",
                [(m.name, m.context_window_tokens) for m in comparison.models],
                "tokens",
                formatter=format_tokens,
            ),
            cost_chart=bar_chart(
                f"Monthly cost at {traffic['traffic_label']}",
                [(cell.model_name, cell.estimate.total_usd) for cell in comparison.costs],
                "USD a month",
                formatter=money_formatter(cell.estimate.total_usd for cell in comparison.costs),
            ),
            key=key,
            report_url=report_url([s.slug for s in snapshots], back=self.request.path),
            stale_before=stale_before(),
            **kwargs,
        )


class PricingView(TrafficMixin, TemplateView):
    """Every model's routes, a page at a time in the order asked, at the visitor's traffic;
    price against score."""

    template_name = "comparisons/pricing.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        traffic = self.traffic_context()
        filter_data = query.copy()
        filter_data.pop("sort", None)  # here "sort" orders the routes, not the models
        filters = LanguageModelFilter(
            filter_data or None,
            queryset=LanguageModel.objects.published().with_cheapest_route(),
        )
        sort = query.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in ROUTE_SORTS:
            sort = DEFAULT_SORT
        models = ordered_for_pricing(
            filters.qs if filters.is_valid() else filters.queryset,
            traffic=traffic["traffic"],
            sort=sort,
        )
        page = page_of(self.request, models, MODELS_PER_PAGE)
        page.object_list = [model_group(model, traffic["traffic"]) for model in page]
        attach_price_changes(page.object_list)
        return super().get_context_data(
            filters=filters,
            page=page,
            cost_precision=cost_precision(page.object_list),
            sort=sort,
            default_sort=DEFAULT_SORT,
            route_columns=ROUTE_COLUMNS,
            chart=price_score_section(models, query.get("benchmark")),
            chart_points=CHART_POINTS,
            **traffic,
            **kwargs,
        )


class OfferingHistoryView(DetailView):
    """One route's price over time: a chart and the table of every change."""

    template_name = "comparisons/offering_history.html"
    context_object_name = "offering"

    def get_queryset(self):
        return (
            Offering.objects.accepted()
            .filter(model__is_published=True)
            .select_related("model", "provider")
            .prefetch_related("price_history")
        )

    def get_context_data(self, **kwargs):
        offering = self.object
        history = sorted(
            offering.price_history.all(), key=lambda r: (r.effective_on, r.recorded_at)
        )
        return super().get_context_data(
            history=history,
            chart=price_history_chart(
                f"{offering.model.name} on {offering.provider.name}",
                [(r.effective_on, r.input_usd_per_mtok, r.output_usd_per_mtok) for r in history],
            ),
            **kwargs,
        )
