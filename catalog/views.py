"""The catalogue's public pages: thin views over QuerySet methods and ``catalog.profile``."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from catalog.benchmark_page import build_benchmark_page
from catalog.corrections import (
    RateLimited,
    client_key,
    is_rate_limited,
    report_url,
    reportable_models,
    reports_per_hour,
)
from catalog.directory import (
    MODELS_PER_PAGE,
    Column,
    RowExtra,
    directory_models,
    directory_page,
    page_rows,
    published_count,
    published_total,
)
from catalog.filters import LanguageModelFilter
from catalog.forms import CorrectionReportForm
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    Lab,
    LanguageModel,
    Offering,
    Provider,
    ReviewStatus,
    stale_before,
    without_bookkeeping,
)
from catalog.pagination import CountingPaginator, page_of
from catalog.profile import build_profile, profile_body, profile_model
from catalog.text import CONTROL_CHARACTERS
from modelref.clients import client_address


def headline_benchmark() -> Benchmark | None:
    """The benchmark most published models have a result on in its ranked setting: the
    directory's score column (ties by name). The results are counted once, in one grouped
    subquery, not once per benchmark."""
    sql, params = _headline_sql()
    return next(iter(Benchmark.objects.raw(sql, params)), None)


@cache
def _headline_sql() -> tuple[str, tuple]:
    """``headline_benchmark``'s query, compiled once per process (it reads no request value
    and no date): compiling it cost more than running it. Grouped by the benchmark alone
    (its name, one per group, read by ``Min``), so the counted rows are sorted by two
    columns, not three (at 10,000 models ~6.3 -> ~4.7 ms). A published model is one not
    ``unpublished()`` (publishing implies acceptance): the few unpublished models are left
    out, rather than every result matched against every published model (~4.7 -> ~3 ms)."""
    leader = (
        BenchmarkResult.objects.filter(setting=F("benchmark__ranked_setting"))
        .exclude(model__in=LanguageModel.objects.unpublished().values("pk"))
        .values("benchmark")
        .annotate(entrants=Count("model", distinct=True), benchmark_name=Min("benchmark__name"))
        .order_by("-entrants", "benchmark_name")
        .values("benchmark")[:1]
    )
    return Benchmark.objects.filter(pk=Subquery(leader))[:1].query.sql_with_params()


# Page sizes of the long lists (documented in the README): every page stays bounded however
# large the catalogue grows, and ?page=N links are stable (each list has a total order).
ROUTES_PER_PAGE = 100
LAB_MODELS_PER_PAGE = 100


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a page rather than a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ModelListView(ForgivingPaginationMixin, FilterView):
    """/models/: every published model, filtered by GET parameters (catalog.filters), a page
    at a time (catalog.directory)."""

    filterset_class = LanguageModelFilter
    template_name = "catalog/languagemodel_list.html"
    paginate_by = MODELS_PER_PAGE
    strict = False  # an invalid filter is reported and ignored; the others still apply
    cost_columns: tuple[Column, ...] = ()  # comparisons.directory adds the monthly cost

    def get_queryset(self):
        self.headline = headline_benchmark()
        return directory_models()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _, more = super().paginate_queryset(queryset, page_size)
        ids = self.page_ids(queryset, page)
        page.object_list = page_rows(ids, self.headline, self.row_extra())
        return paginator, page, page.object_list, more

    def get_paginator(self, queryset, per_page, **kwargs):
        """The page's ids come with the count (``CountingPaginator``): filtered or searched,
        counted over the matches; else the published models, counted off an index (read
        first where the page's ids need it: ``counts_with_page``)."""
        if not self.counts_with_page():
            paginator = Paginator(queryset, per_page, **kwargs)
            if not self.filterset.active:
                paginator.count = published_total()  # the cached property, read
            return paginator
        count = None if self.filterset.active else published_count()
        return CountingPaginator(queryset, per_page, count=count, **kwargs)

    def counts_with_page(self) -> bool:
        return True

    def page_ids(self, queryset, page) -> list[int]:
        """The page's model ids, in the order of ``queryset``: read by the paginator with the
        count, or from the page's slice of ``queryset`` (a query that reads only what the
        filters and the order need)."""
        if isinstance(page.object_list, list):
            return page.object_list
        return list(page.object_list.values_list("pk", flat=True))

    def row_extra(self) -> RowExtra | None:
        """What else each row of the page shows (comparisons.directory: the monthly cost)."""
        return None

    def cost_precision(self, models: list[SimpleNamespace]) -> str | None:
        """The precision of the rows' monthly costs (comparisons.directory: the cost column)."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directory = directory_page(
            self.filterset,
            self.request.GET,
            context["page_obj"],
            headline=self.headline,
            cost_columns=self.cost_columns,
            cost_precision=self.cost_precision(context["object_list"]),
            **self.traffic_bar(context),
        )
        return {**context, "directory": directory}

    def traffic_bar(self, context: dict) -> dict:
        """The traffic bar's HTML and the traffic parameters the filter form keeps
        (comparisons.directory: the directory at the visitor's traffic)."""
        return {}


class ModelDetailView(DetailView):
    template_name = "catalog/languagemodel_detail.html"

    def get_object(self, queryset=None):
        try:
            return profile_model(self.kwargs["slug"])
        except LanguageModel.DoesNotExist as missing:
            raise Http404("No language model found matching the query") from missing

    def get_context_data(self, **kwargs):
        profile = build_profile(self.object)
        body = profile_body(profile, path=self.request.path, stale_before=stale_before())
        return super().get_context_data(profile=profile, profile_body=body, **kwargs)


class LabDetailView(DetailView):
    model = Lab

    def get_context_data(self, **kwargs):
        models = (
            LanguageModel.objects.published()
            .filter(lab=self.object)
            .with_cheapest_route()
            .select_related("family", "license")
            .newest_family_first()
        )
        return super().get_context_data(
            page_obj=page_of(self.request, models, LAB_MODELS_PER_PAGE), **kwargs
        )


class ProviderListView(ListView):
    template_name = "catalog/provider_list.html"

    def get_queryset(self):
        return Provider.objects.public().select_related("lab")

    def get_context_data(self, **kwargs):
        """Each provider with ``model_count`` and ``lowest_input_usd_per_mtok`` of its
        accepted, not retired routes of published models (1 query for all of them)."""
        context = super().get_context_data(**kwargs)
        served = (
            Offering.objects.of_published_models()
            .filter(review_status=ReviewStatus.ACCEPTED)
            .exclude(status=Offering.Status.RETIRED)
            .per_provider()
        )
        for provider in context["object_list"]:
            provider.model_count, provider.lowest_input_usd_per_mtok = served.get(
                provider.pk, (0, None)
            )
        return context


class ProviderDetailView(DetailView):
    template_name = "catalog/provider_detail.html"

    def get_queryset(self):
        return Provider.objects.public().select_related("lab")

    def get_context_data(self, **kwargs):
        related = ("model", "model__lab", "provider")
        routes = (
            without_bookkeeping(Offering.objects.live(), *related)
            .of_published_models()
            .filter(provider=self.object)
            .select_related(*related)
            .order_by("model__name", "provider_model_id", "pk")
        )
        return super().get_context_data(
            page_obj=page_of(self.request, routes, ROUTES_PER_PAGE), **kwargs
        )


class BenchmarkListView(ListView):
    template_name = "catalog/benchmark_list.html"

    def get_queryset(self):
        return Benchmark.objects.annotate(
            result_count=Count("results", filter=Q(results__model__is_published=True))
        ).order_by("category", "name")


class BenchmarkDetailView(DetailView):
    """A leaderboard: every published model's result, best first (or ?sort=)."""

    template_name = "catalog/benchmark_detail.html"

    def get_queryset(self):
        return Benchmark.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**build_benchmark_page(self.request, self.object), **kwargs)


class RobotsView(TemplateView):
    template_name = "catalog/robots.txt"
    content_type = "text/plain; charset=utf-8"


class ReportCorrectionView(View):
    """ "Report a wrong value", on a page of its own: model and comparison pages link here
    with their models (and the figure) filled in, so they carry no form and set no cookie.

    Invalid input re-shows the form with its messages (400); a client over its hourly
    allowance gets a 429 page; a stored report comes back to this page with a thank-you
    message above a fresh form and a link back to the page the visitor came from.
    """

    template_name = "catalog/correctionreport_form.html"

    def get(self, request):
        query = request.GET
        models = reportable_models(query.get("models", "").split(","))
        form = CorrectionReportForm(
            initial={"figure": query.get("figure", ""), "next": query.get("next", "")},
            models=models,
        )
        return self.page(request, form, asked=bool(query.get("models")))

    def post(self, request):
        key = client_key(client_address(request))
        if is_rate_limited(key):
            return self.too_many(request)
        models = reportable_models(request.POST.get("models", "").split(","))
        form = CorrectionReportForm(request.POST, models=models)
        if not form.is_valid():
            return self.page(request, form, asked=True, status=400)
        back = self.back_url(request, form.cleaned_data["next"], models)
        try:
            form.save(page_url=back, key=key)
        except RateLimited:
            return self.too_many(request)
        messages.success(request, "Thank you: an editor will check your report and its source.")
        return redirect(report_url([m.slug for m in models], back=back))

    def page(self, request, form, *, asked: bool, status: int = 200):
        back = self.back_url(request, form["next"].value() or "", form.page_models)
        context = {"form": form, "back": back, "asked": asked}
        return render(request, self.template_name, context, status=status)

    def back_url(self, request, url: str, models) -> str:
        """Where the visitor came from (a page of this site), else the first model's page."""
        safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if safe and url and url.startswith("/") and not CONTROL_CHARACTERS.search(url):
            return url.partition("#")[0]
        return models[0].get_absolute_url() if models else ""

    def too_many(self, request):
        response = render(
            request,
            "catalog/correction_limited.html",
            {"per_hour": reports_per_hour()},
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
