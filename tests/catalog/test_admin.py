"""The editors' admin: every page loads for an editor, saves persist, bad data is a form error."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from catalog.editors import EDITOR_GROUP, ensure_editor_group
from catalog.models import (
    BenchmarkResult,
    CorrectionReport,
    FactSource,
    FaqEntry,
    ImportRun,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    PriceRecord,
    ProposedChange,
    stale_before,
)
from comparisons.models import ComparisonVisit
from tests import factories as f
from tests.layers import committed

pytestmark = pytest.mark.django_db

ADMIN_APPS = ("catalog", "comparisons")
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in ADMIN_APPS),
    key=lambda model: model._meta.label,
)
# Written by the site (price history, visits, import runs, visitors' reports), never by hand.
READ_ONLY = {PriceRecord, ComparisonVisit, ImportRun, CorrectionReport, ProposedChange}

MAKERS = {
    "catalog.Lab": f.LabFactory,
    "catalog.ModelFamily": f.ModelFamilyFactory,
    "catalog.License": f.LicenseFactory,
    "catalog.Capability": f.CapabilityFactory,
    "catalog.UseCase": f.UseCaseFactory,
    "catalog.LanguageModel": f.LanguageModelFactory,
    "catalog.Provider": f.ProviderFactory,
    "catalog.Offering": f.OfferingFactory,
    "catalog.PriceRecord": lambda: f.OfferingFactory().price_history.get(),
    "catalog.Benchmark": f.BenchmarkFactory,
    "catalog.BenchmarkResult": f.BenchmarkResultFactory,
    "catalog.FaqEntry": f.FaqEntryFactory,
    "catalog.FactSource": f.FactSourceFactory,
    "catalog.ImportRun": f.ImportRunFactory,
    "catalog.CorrectionReport": f.CorrectionReportFactory,
    "catalog.ProposedChange": f.ProposedChangeFactory,
    "comparisons.CuratedComparison": f.CuratedComparisonFactory,
    "comparisons.TrafficProfile": f.TrafficProfileFactory,
    "comparisons.ComparisonVisit": lambda: ComparisonVisit.objects.create(key="a-vs-b"),
}


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """What the admin form in ``response`` posts when the editor changes nothing."""
    forms_on_page = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_on_page += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms_on_page:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if value is None and isinstance(
                field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
            ):
                continue
            data[form.add_prefix(name)] = "" if value is None else value
    return data


def errors(response) -> list:
    """Every form and inline error on an admin change page."""
    found = list(response.context["adminform"].form.errors.values())
    for inline in response.context["inline_admin_formsets"]:
        found += [error for error in inline.formset.errors if error]
        found += inline.formset.non_form_errors()
    return found


# Every page loads for an editor -------------------------------------------------------


def test_every_catalogue_model_is_registered():
    registered = {model._meta.label for model in REGISTERED}
    assert set(MAKERS) == registered, "every registered model needs a maker in MAKERS"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_load_for_editor(editor_client, model):
    obj = MAKERS[model._meta.label]()

    assert editor_client.get(url(model, "changelist")).status_code == 200
    assert editor_client.get(url(model, "changelist"), {"q": "x"}).status_code == 200
    assert editor_client.get(url(model, "change", obj.pk)).status_code == 200
    assert editor_client.get(url(model, "history", obj.pk)).status_code == 200
    add_status = editor_client.get(url(model, "add")).status_code
    assert add_status == (403 if model in READ_ONLY else 200)


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if model not in READ_ONLY],
    ids=lambda model: model._meta.label,
)
def test_every_change_page_saves_as_the_editor(editor_client, editor, model):
    """Posting a change page back as it was shown saves it and logs who did it."""
    obj = MAKERS[model._meta.label]()
    page = editor_client.get(url(model, "change", obj.pk))
    response = editor_client.post(url(model, "change", obj.pk), form_data(page))
    assert response.status_code == 302, errors(response)
    assert LogEntry.objects.filter(object_id=str(obj.pk), user=editor).exists()


def test_autocomplete_answers_for_every_foreign_key(editor_client):
    model = f.LanguageModelFactory(name="Granite 4")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Gran",
            "app_label": "catalog",
            "model_name": "offering",
            "field_name": "model",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(model.pk), "text": "Granite 4"}]


def test_the_editor_group_loses_a_permission_it_should_not_have():
    group = Group.objects.get(name=EDITOR_GROUP)
    permission = Permission.objects.get
    group.permissions.add(permission(content_type__app_label="auth", codename="add_user"))
    group.permissions.remove(
        permission(content_type__app_label="catalog", codename="change_offering")
    )

    ensure_editor_group()  # what every migrate runs

    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("auth", "add_user") not in held
    assert ("catalog", "change_offering") in held


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403

    index = editor_client.get("/admin/")
    assert index.status_code == 200
    assert b"/admin/auth/" not in index.content
    assert b"/admin/catalog/languagemodel/" in index.content


# Saving -----------------------------------------------------------------------------


def test_saving_a_model_with_inlines_persists_and_logs(editor_client, editor):
    model = f.LanguageModelFactory(name="Old name")
    offering = f.OfferingFactory(model=model)
    benchmark = f.BenchmarkFactory()
    capability = f.CapabilityFactory()
    use_case = f.UseCaseFactory()
    page = editor_client.get(url(LanguageModel, "change", model.pk))
    data = form_data(page)
    data |= {
        "name": "New name",
        "input_modalities": ["text", "image"],
        "use_cases": [use_case.pk],
        "offerings-0-output_usd_per_mtok": "4.5",
        "aliases-TOTAL_FORMS": 1,
        "aliases-0-identifier": "new-name-latest",
        "aliases-0-kind": "alias",
        "capability_statuses-TOTAL_FORMS": 1,
        "capability_statuses-0-capability": capability.pk,
        "capability_statuses-0-support": "yes",
        "benchmark_results-TOTAL_FORMS": 1,
        "benchmark_results-0-benchmark": benchmark.pk,
        "benchmark_results-0-score": "71.5",
        "benchmark_results-0-setting": "standard",
        "benchmark_results-0-reported_by": "lab",
        "sources-TOTAL_FORMS": 1,
        "sources-0-field": "context_window_tokens",
        "sources-0-url": "https://example.com/card",
        "sources-0-checked_on": "2026-11-20",
    }

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert response.status_code == 302, errors(response)
    model.refresh_from_db()
    assert model.name == "New name"
    assert model.input_modalities == ["text", "image"]
    assert list(model.use_cases.all()) == [use_case]
    assert ModelAlias.objects.get(model=model).identifier == "new-name-latest"
    assert ModelCapability.objects.get(model=model).capability == capability
    assert BenchmarkResult.objects.get(model=model).score == Decimal("71.5")
    assert FactSource.objects.get(model=model).checked_on == dt.date(2026, 11, 20)
    offering.refresh_from_db()
    assert offering.output_usd_per_mtok == Decimal("4.5")
    assert offering.price_history.count() == 2
    entry = LogEntry.objects.get(object_id=str(model.pk), action_flag=CHANGE)
    assert entry.user == editor
    assert "name" in entry.get_change_message().lower()
    history = editor_client.get(url(LanguageModel, "history", model.pk))
    assert b"editor" in history.content


def test_adding_a_model_through_admin(editor_client):
    lab = f.LabFactory()
    data = form_data(editor_client.get(url(LanguageModel, "add")))
    data |= {"name": "Brand New", "slug": "brand-new", "lab": lab.pk}

    response = editor_client.post(url(LanguageModel, "add"), data)

    assert response.status_code == 302, errors(response)
    assert LanguageModel.objects.get(slug="brand-new").lab == lab


def test_new_offering_price_adds_a_price_record_and_keeps_the_old(editor_client, editor):
    offering = f.OfferingFactory()
    page = editor_client.get(url(Offering, "change", offering.pk))
    assert page.status_code == 200
    data = form_data(page) | {"input_usd_per_mtok": "0.80"}

    response = editor_client.post(url(Offering, "change", offering.pk), data)

    assert response.status_code == 302, errors(response)
    offering.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("0.80")
    history = list(offering.price_history.order_by("-recorded_at"))
    assert [record.input_usd_per_mtok for record in history] == [Decimal("0.80"), Decimal("1")]
    assert all(record.output_usd_per_mtok == Decimal("5") for record in history)
    assert LogEntry.objects.get(object_id=str(offering.pk)).user == editor

    page = editor_client.get(url(Offering, "change", offering.pk))
    inline = page.context["inline_admin_formsets"][0]
    assert [form.instance.input_usd_per_mtok for form in inline.formset.forms] == [
        Decimal("0.80"),
        Decimal("1"),
    ]


def test_saving_an_offering_without_price_change_adds_no_record(editor_client):
    offering = f.OfferingFactory()
    data = form_data(editor_client.get(url(Offering, "change", offering.pk)))
    data["status"] = Offering.Status.PREVIEW

    response = editor_client.post(url(Offering, "change", offering.pk), data)

    assert response.status_code == 302, errors(response)
    assert offering.price_history.count() == 1


def test_list_editable_price_on_offering_changelist_records_history(editor_client):
    offering = f.OfferingFactory()
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": offering.pk,
        "form-0-input_usd_per_mtok": "0.50",
        "form-0-output_usd_per_mtok": "5.00",
        "form-0-cached_input_usd_per_mtok": "",
        "_save": "Save",
    }

    response = editor_client.post(url(Offering, "changelist"), data)

    assert response.status_code == 302
    assert offering.price_history.count() == 2


# Bulk actions -------------------------------------------------------------------------


def run_action(client, model, action: str, objects):
    return client.post(
        url(model, "changelist"),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]},
        follow=True,
    )


def test_publish_and_unpublish_actions(editor_client, editor):
    drafts = f.LanguageModelFactory.create_batch(2, is_published=False)
    other = f.LanguageModelFactory(is_published=False)

    response = run_action(editor_client, LanguageModel, "publish", drafts)

    assert "2 models published." in response.content.decode()
    assert set(LanguageModel.objects.published()) == set(drafts)
    assert LogEntry.objects.filter(user=editor, change_message="Published.").count() == 2

    response = run_action(editor_client, LanguageModel, "unpublish", [drafts[0], other])

    assert "1 model unpublished." in response.content.decode()
    assert list(LanguageModel.objects.published()) == [drafts[1]]


def test_mark_reviewed_today_action(editor_client):
    old = dt.date(2024, 1, 1)
    chosen = f.LanguageModelFactory.create_batch(3, last_reviewed_on=old)
    untouched = f.LanguageModelFactory(last_reviewed_on=old)

    response = run_action(editor_client, LanguageModel, "mark_reviewed_today", chosen)

    assert "3 models marked reviewed today." in response.content.decode()
    today = timezone.localdate()
    assert {
        m.last_reviewed_on for m in LanguageModel.objects.filter(pk__in=[m.pk for m in chosen])
    } == {today}
    untouched.refresh_from_db()
    assert untouched.last_reviewed_on == old


def test_mark_verified_today_action(editor_client):
    chosen = f.OfferingFactory(last_verified_on=None)
    untouched = f.OfferingFactory(last_verified_on=dt.date(2024, 1, 1))

    response = run_action(editor_client, Offering, "mark_verified_today", [chosen])

    assert "1 offering marked verified today." in response.content.decode()
    chosen.refresh_from_db()
    untouched.refresh_from_db()
    assert chosen.last_verified_on == timezone.localdate()
    assert untouched.last_verified_on == dt.date(2024, 1, 1)
    assert chosen.price_history.count() == 1


# Staleness ----------------------------------------------------------------------------


@pytest.fixture
def freshness():
    """Fresh and stale models and offerings, around settings.STALE_AFTER_DAYS."""
    cutoff = stale_before()
    fresh_model = f.LanguageModelFactory(last_reviewed_on=cutoff)
    stale_models = [
        f.LanguageModelFactory(last_reviewed_on=cutoff - dt.timedelta(days=1)),
        f.LanguageModelFactory(last_reviewed_on=None),
    ]
    fresh_offering = f.OfferingFactory(model=fresh_model, last_verified_on=cutoff)
    stale_offerings = [
        f.OfferingFactory(model=fresh_model, last_verified_on=cutoff - dt.timedelta(days=1)),
        f.OfferingFactory(model=fresh_model, last_verified_on=None),
    ]
    return fresh_model, stale_models, fresh_offering, stale_offerings


def test_stale_page_lists_exactly_the_stale_objects(
    editor_client, freshness, django_assert_max_num_queries
):
    fresh_model, stale_models, fresh_offering, stale_offerings = freshness

    with django_assert_max_num_queries(6):
        response = editor_client.get(reverse("admin:catalog_languagemodel_stale"))

    assert response.status_code == 200
    assert set(response.context["stale_models"]) == set(stale_models)
    assert set(response.context["stale_offerings"]) == set(stale_offerings)
    content = response.content.decode()
    for model in stale_models:
        assert url(LanguageModel, "change", model.pk) in content
    for offering in stale_offerings:
        assert url(Offering, "change", offering.pk) in content
    assert url(LanguageModel, "change", fresh_model.pk) not in content
    assert url(Offering, "change", fresh_offering.pk) not in content


def fresh_column(editor_client, model, column: str) -> dict[int, bool]:
    """{object pk: its Fresh tick} as the changelist shows it (Django's boolean icons)."""
    page = editor_client.get(url(model, "changelist")).content.decode()
    ticks = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        pk = re.search(r'name="_selected_action" value="(\d+)"', row)
        tick = re.search(rf'<td class="field-{column}"><img [^>]*alt="(True|False)"', row)
        if pk and tick:
            ticks[int(pk[1])] = tick[1] == "True"
    return ticks


def test_the_fresh_column_ticks_exactly_what_the_stale_page_does_not_list(editor_client, freshness):
    # The cutoff day itself is fresh; the day before it is stale (freshness fixture).
    fresh_model, stale_models, fresh_offering, stale_offerings = freshness
    assert fresh_column(editor_client, LanguageModel, "reviewed_recently") == {
        fresh_model.pk: True,
        **{model.pk: False for model in stale_models},
    }
    assert fresh_column(editor_client, Offering, "verified_recently") == {
        fresh_offering.pk: True,
        **{offering.pk: False for offering in stale_offerings},
    }


def test_changelists_link_to_the_stale_page(editor_client):
    stale_url = reverse("admin:catalog_languagemodel_stale")
    for model in (LanguageModel, Offering):
        assert stale_url in editor_client.get(url(model, "changelist")).content.decode()


def test_freshness_filter(editor_client, freshness):
    fresh_model, stale_models, fresh_offering, stale_offerings = freshness

    def listed(model, value):
        response = editor_client.get(url(model, "changelist"), {"freshness": value})
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed(LanguageModel, "stale") == set(stale_models)
    assert listed(LanguageModel, "fresh") == {fresh_model}
    assert listed(Offering, "stale") == set(stale_offerings)
    assert listed(Offering, "fresh") == {fresh_offering}


# Query budget -------------------------------------------------------------------------

# Session, user, permissions, filter choices, count, total count, rows: the same for 3 or 30.
CHANGELIST_QUERIES = 8


@pytest.mark.parametrize("count", [3, 30])
def test_model_changelist_query_budget(editor_client, django_assert_max_num_queries, count):
    with committed():
        for model in f.LanguageModelFactory.create_batch(count):
            f.OfferingFactory(model=model, input_usd_per_mtok=Decimal("0.25"))
            f.OfferingFactory(model=model)

    with django_assert_max_num_queries(CHANGELIST_QUERIES + 1):  # + the summaries' date
        response = editor_client.get(url(LanguageModel, "changelist"))

    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert len(rows) == count
    assert {(row.offering_count, row.cheapest_input_usd_per_mtok) for row in rows} == {
        (2, Decimal("0.25"))
    }
    assert "$0.25" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_offering_changelist_query_budget(editor_client, django_assert_max_num_queries, count):
    f.OfferingFactory.create_batch(count)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = editor_client.get(url(Offering, "changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_model_changelist_sorts_by_cheapest_input(editor_client):
    cheap = f.OfferingFactory(input_usd_per_mtok=Decimal("0.10")).model
    dear = f.OfferingFactory(input_usd_per_mtok=Decimal("3.00")).model

    response = editor_client.get(url(LanguageModel, "changelist"), {"o": "4"})

    assert list(response.context["cl"].result_list) == [cheap, dear]


# Bad data is a form error, never a 500 ------------------------------------------------


def assert_refused(response, message: str):
    assert response.status_code == 200
    content = response.content.decode()
    assert "errornote" in content
    assert message in content


def test_negative_price_is_a_form_error(editor_client):
    offering = f.OfferingFactory()
    data = form_data(editor_client.get(url(Offering, "change", offering.pk)))
    data["input_usd_per_mtok"] = "-1"

    response = editor_client.post(url(Offering, "change", offering.pk), data)

    assert_refused(response, "greater than or equal to 0")
    offering.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("1")
    assert offering.price_history.count() == 1


def test_batch_discount_over_100_is_a_form_error(editor_client):
    offering = f.OfferingFactory()
    data = form_data(editor_client.get(url(Offering, "change", offering.pk)))
    data["batch_discount_percent"] = "150"

    response = editor_client.post(url(Offering, "change", offering.pk), data)

    assert_refused(response, "less than or equal to 100")
    offering.refresh_from_db()
    assert offering.batch_discount_percent is None


def test_slug_with_vs_is_a_form_error(editor_client):
    model = f.LanguageModelFactory(slug="good-slug")
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data["slug"] = "gpt-vs-claude"

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "must not contain")
    model.refresh_from_db()
    assert model.slug == "good-slug"


def test_lab_slug_with_vs_is_a_form_error(editor_client):
    response = editor_client.post(
        url(f.LabFactory._meta.model, "add"), {"name": "X", "slug": "a-vs-b"}
    )

    assert_refused(response, "must not contain")
    assert not f.LabFactory._meta.model.objects.filter(slug="a-vs-b").exists()


def test_score_outside_benchmark_range_is_a_form_error(editor_client):
    model = f.LanguageModelFactory()
    benchmark = f.BenchmarkFactory(min_score=Decimal("0"), max_score=Decimal("100"))
    data = form_data(editor_client.get(url(BenchmarkResult, "add")))
    data |= {"model": model.pk, "benchmark": benchmark.pk, "score": "150"}

    response = editor_client.post(url(BenchmarkResult, "add"), data)

    assert_refused(response, "scores lie between")
    assert not BenchmarkResult.objects.exists()


def test_score_outside_benchmark_range_in_model_inline_is_a_form_error(editor_client):
    model = f.LanguageModelFactory(name="Unchanged")
    benchmark = f.BenchmarkFactory(min_score=Decimal("0"), max_score=Decimal("1"))
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data |= {
        "name": "Changed",
        "benchmark_results-TOTAL_FORMS": 1,
        "benchmark_results-0-benchmark": benchmark.pk,
        "benchmark_results-0-score": "50",
        "benchmark_results-0-setting": "standard",
        "benchmark_results-0-reported_by": "lab",
    }

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "scores lie between")
    model.refresh_from_db()
    assert model.name == "Unchanged"
    assert not BenchmarkResult.objects.exists()


def test_narrowing_a_benchmark_range_under_results_is_a_form_error(editor_client):
    result = f.BenchmarkResultFactory(score=Decimal("80"))
    benchmark = result.benchmark
    data = form_data(editor_client.get(url(type(benchmark), "change", benchmark.pk)))
    data["max_score"] = "50"

    response = editor_client.post(url(type(benchmark), "change", benchmark.pk), data)

    assert_refused(response, "outside this range")
    benchmark.refresh_from_db()
    assert benchmark.max_score == Decimal("100")


def test_duplicate_provider_model_id_is_a_form_error(editor_client):
    existing = f.OfferingFactory(provider_model_id="llama-4")
    other_model = f.LanguageModelFactory()
    data = form_data(editor_client.get(url(Offering, "add")))
    data |= {
        "model": other_model.pk,
        "provider": existing.provider.pk,
        "provider_model_id": "llama-4",
        "input_usd_per_mtok": "1",
        "status": "ga",
    }

    response = editor_client.post(url(Offering, "add"), data)

    assert_refused(response, "already exists")
    assert Offering.objects.count() == 1


def test_duplicate_provider_model_id_in_model_inline_is_a_form_error(editor_client):
    existing = f.OfferingFactory(provider_model_id="llama-4")
    model = f.LanguageModelFactory()
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data |= {
        "offerings-TOTAL_FORMS": 1,
        "offerings-0-provider": existing.provider.pk,
        "offerings-0-provider_model_id": "llama-4",
        "offerings-0-status": "ga",
    }

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "already exists")
    assert Offering.objects.count() == 1


def test_family_of_another_lab_is_a_form_error(editor_client):
    model = f.LanguageModelFactory()
    foreign_family = f.ModelFamilyFactory()
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data["family"] = foreign_family.pk

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "The family belongs to another lab.")
    model.refresh_from_db()
    assert model.family is None


def test_zero_context_window_is_a_form_error(editor_client):
    model = f.LanguageModelFactory(context_window_tokens=1000)
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data["context_window_tokens"] = "0"

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "greater than or equal to 1")
    model.refresh_from_db()
    assert model.context_window_tokens == 1000


def test_faq_entry_saves_for_site_and_model(editor_client):
    model = f.LanguageModelFactory()
    data = form_data(editor_client.get(url(FaqEntry, "add")))
    data |= {"question": "Is it open?", "answer": "Yes.", "model": model.pk}

    response = editor_client.post(url(FaqEntry, "add"), data)

    assert response.status_code == 302, errors(response)
    assert FaqEntry.objects.get().model == model


def test_every_kind_of_bundled_model_loads_and_saves_in_admin(editor_client, editor, bundled):
    """The real catalogue, not just factories: for every lab, lifecycle and publication state,
    the model with the most routes (the largest inline formsets) round-trips its change page."""
    assert editor_client.get(url(LanguageModel, "changelist")).status_code == 200
    heaviest = {}
    for model in LanguageModel.objects.annotate(routes=Count("offerings")).order_by(
        "-routes", "slug"
    ):
        heaviest.setdefault((model.lab_id, model.lifecycle, model.is_published), model)
    assert len(heaviest) >= 20  # every lab at least once
    for model in heaviest.values():
        page = editor_client.get(url(LanguageModel, "change", model.pk))
        assert page.status_code == 200, model.slug
        response = editor_client.post(url(LanguageModel, "change", model.pk), form_data(page))
        assert response.status_code == 302, (model.slug, errors(response))


def test_a_control_character_in_editor_text_is_a_form_error(editor_client):
    model = f.LanguageModelFactory(summary="Clean.")
    data = form_data(editor_client.get(url(LanguageModel, "change", model.pk)))
    data["summary"] = "Pasted\x0b from a PDF."

    response = editor_client.post(url(LanguageModel, "change", model.pk), data)

    assert_refused(response, "Remove the control character(s) U+000B")
    model.refresh_from_db()
    assert model.summary == "Clean."


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_text_field_refuses_control_characters(rf, editor, model):
    from catalog.text import refuse_control_characters

    request = rf.get("/")
    request.user = editor
    model_admin = admin.site._registry[model]
    forms_of_page = [model_admin.get_form(request)]
    forms_of_page += [
        inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
    ]
    for form_class in forms_of_page:
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField):
                assert refuse_control_characters in field.validators, (model, name)
