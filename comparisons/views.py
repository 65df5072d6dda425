from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from catalog.charts import price_history_chart
from catalog.models import Offering
from comparisons.forms import TrafficForm
from comparisons.models import TrafficProfile
from comparisons.pages import (
    canonical_key_or_404,
    compare_page,
    picked,
    picker_page,
    pricing_page,
    snapshots_or_404,
)
from comparisons.selectors import parse_model_texts
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
        result = picked(texts)
        if result.key:
            return redirect("comparisons:compare", key=result.key)
        context = self.get_context_data(
            error=result.error, problems=list(result.problems), typed=texts
        )
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**picker_page(kwargs.pop("typed", [])), **kwargs)


class CompareView(TrafficMixin, TemplateView):
    template_name = "comparisons/compare.html"

    def get(self, request, *args, key: str, **kwargs):
        canonical = canonical_key_or_404(key)
        if canonical != key:
            url = reverse("comparisons:compare", args=[canonical])
            return redirect(
                url + (f"?{request.GET.urlencode()}" if request.GET else ""), permanent=True
            )
        snapshots = snapshots_or_404(key)
        record_visit(request, key)
        return self.render_to_response(self.get_context_data(key=key, snapshots=snapshots))

    def get_context_data(self, *, key, snapshots, **kwargs):
        traffic = self.traffic_context()
        page = compare_page(key, snapshots, traffic=traffic, path=self.request.path)
        return super().get_context_data(**page, **traffic, **kwargs)


class PricingView(TrafficMixin, TemplateView):
    """Every model's routes, a page at a time in the order asked, at the visitor's traffic;
    price against score."""

    template_name = "comparisons/pricing.html"

    def get_context_data(self, **kwargs):
        traffic = self.traffic_context()
        page = pricing_page(self.request, traffic["traffic"])
        return super().get_context_data(**page, **traffic, **kwargs)


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
