from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from catalog.models import Benchmark, BenchmarkResult, Lab, LanguageModel, Offering, Provider


class ModelListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return (
            LanguageModel.objects.published()
            .with_cheapest_route()
            .select_related("lab", "license")
            .order_by("name")
        )


class ModelDetailView(DetailView):
    def get_queryset(self):
        return (
            LanguageModel.objects.published()
            .select_related("lab", "family", "license", "successor")
            .prefetch_related(
                "aliases",
                "capability_statuses__capability",
                "use_cases",
                "sources",
                Prefetch(
                    "offerings",
                    queryset=Offering.objects.live().select_related("provider").cheapest_first(),
                ),
                Prefetch(
                    "benchmark_results",
                    queryset=BenchmarkResult.objects.select_related("benchmark"),
                ),
            )
        )


class LabDetailView(DetailView):
    model = Lab

    def get_queryset(self):
        return Lab.objects.prefetch_related(
            Prefetch("models", queryset=LanguageModel.objects.published().select_related("family"))
        )


class ProviderDetailView(DetailView):
    def get_queryset(self):
        return Provider.objects.prefetch_related(
            Prefetch(
                "offerings",
                queryset=Offering.objects.live()
                .filter(model__is_published=True)
                .select_related("model"),
            )
        )


class BenchmarkDetailView(DetailView):
    def get_queryset(self):
        return Benchmark.objects.prefetch_related(
            Prefetch(
                "results",
                queryset=BenchmarkResult.objects.filter(model__is_published=True)
                .select_related("model")
                .order_by("-score"),
            )
        )
