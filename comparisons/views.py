from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from catalog.charts import bar_chart, price_history_chart
from catalog.corrections import live_offerings_by_model
from catalog.filters import LanguageModelFilter
from catalog.forms import CorrectionReportForm
from catalog.models import LanguageModel, Offering, stale_before
from comparisons.analysis import build_comparison
from comparisons.costs import Traffic
from comparisons.forms import CalculatorForm, TrafficForm
from comparisons.jsonld import faq_page
from comparisons.models import Comparison, TrafficProfile, canonical_key
from comparisons.pricing import (
    DEFAULT_SORT,
    ROUTE_COLUMNS,
    ROUTE_SORTS,
    build_pricing,
    price_score_section,
    pricing_queryset,
)
from comparisons.selectors import (
    ComparisonRequestError,
    featured_comparisons,
    parse_model_slugs,
    popular_comparisons,
    record_visit,
    related_comparisons,
    split_key,
    validate_slugs,
)
from comparisons.snapshots import capability_refs, snapshot_models

# Used only when editors have not set a default traffic profile.
FALLBACK_TRAFFIC = Traffic(input_tokens=500_000_000, output_tokens=100_000_000)


def default_traffic() -> tuple[Traffic, str]:
    profile = TrafficProfile.objects.default()
    if profile is None:
        return FALLBACK_TRAFFIC, "default traffic"
    return profile.traffic(), profile.name


class PickerView(TemplateView):
    """Choose two to four models; a plain GET form that redirects to the canonical page."""

    template_name = "comparisons/picker.html"

    def get(self, request, *args, **kwargs):
        error = ""
        if "models" in request.GET:
            slugs = parse_model_slugs(request.GET.getlist("models"))
            try:
                canonical = validate_slugs(slugs)
                found = LanguageModel.objects.published().filter(slug__in=canonical).count()
                if found != len(canonical):
                    raise ComparisonRequestError("Some of those models are not in the catalogue.")
                return redirect("comparisons:compare", key=canonical_key(canonical))
            except ComparisonRequestError as problem:
                error = str(problem)
        context = self.get_context_data(error=error, selected=request.GET.getlist("models"))
        return self.render_to_response(context, status=400 if error else 200)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            models=LanguageModel.objects.published()
            .select_related("lab")
            .only("slug", "name", "lab__name"),
            slots=range(1, 5),
            featured=featured_comparisons(),
            popular=popular_comparisons(),
            **kwargs,
        )


class CompareView(TemplateView):
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
        record_visit(key)
        return self.render_to_response(self.get_context_data(key=key, snapshots=snapshots))

    def get_context_data(self, *, key, snapshots, **kwargs):
        traffic, traffic_name = default_traffic()
        form = TrafficForm(self.request.GET or None, initial=TrafficForm.initial_for(traffic))
        if form.is_bound and form.is_valid():
            traffic, traffic_name = form.traffic(), "your traffic"
        curated = Comparison.objects.for_key(key)
        comparison = build_comparison(
            snapshots,
            capabilities=capability_refs(),
            traffic=traffic,
            curated_intro=curated.intro if curated else "",
            curated_verdict=curated.verdict if curated else "",
        )
        faq = [*comparison.faq, *(curated.faq_entries.all() if curated else [])]
        return super().get_context_data(
            comparison=comparison,
            curated=curated,
            faq=faq,
            faq_json_ld=faq_page(faq),
            traffic_form=form,
            traffic_name=traffic_name,
            related=related_comparisons(snapshots),
            context_chart=bar_chart(
                "Context window (tokens)",
                [(m.name, m.context_window_tokens) for m in comparison.models],
                "tokens",
            ),
            cost_chart=bar_chart(
                f"Monthly cost at {traffic_name} (USD)",
                [(cell.model_name, cell.estimate.total_usd) for cell in comparison.costs],
                "USD",
            ),
            key=key,
            report_form=CorrectionReportForm(
                models=snapshots,
                offerings=live_offerings_by_model(s.slug for s in snapshots),
                initial={"next": self.request.get_full_path()},
            ),
            stale_before=stale_before(),
            **kwargs,
        )


class PricingView(TemplateView):
    """Every route's prices, the cost calculator, and price against benchmark score."""

    template_name = "comparisons/pricing.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        presets = list(TrafficProfile.objects.all())
        default = next((p for p in presets if p.is_default), presets[0] if presets else None)
        calculator = CalculatorForm(query, presets=presets, default=default)
        if calculator.is_bound and calculator.is_valid():
            traffic = calculator.traffic()
        else:
            traffic = default.traffic() if default else FALLBACK_TRAFFIC
        filter_data = query.copy()
        filter_data.pop("sort", None)  # here "sort" orders the routes, not the models
        filters = LanguageModelFilter(
            filter_data or None,
            queryset=LanguageModel.objects.published().with_cheapest_route(),
        )
        models = filters.qs if filters.is_valid() else filters.queryset
        sort = query.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in ROUTE_SORTS:
            sort = DEFAULT_SORT
        table = build_pricing(list(pricing_queryset(models)), traffic=traffic, sort=sort)
        return super().get_context_data(
            calculator=calculator,
            filters=filters,
            traffic=traffic,
            table=table,
            sort=sort,
            sort_choices=[
                (f"{prefix}{key}", f"{label}{suffix}")
                for key, label in ROUTE_COLUMNS
                for prefix, suffix in (("", ""), ("-", ", descending"))
            ],
            route_columns=ROUTE_COLUMNS,
            chart=price_score_section(table, query.get("benchmark")),
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
