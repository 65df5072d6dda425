from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from catalog.models import LanguageModel
from comparisons.analysis import build_comparison
from comparisons.costs import Traffic
from comparisons.forms import TrafficForm
from comparisons.jsonld import faq_page
from comparisons.models import Comparison, TrafficProfile, canonical_key
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
            key=key,
            **kwargs,
        )
