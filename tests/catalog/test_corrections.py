"""Report a wrong value: the form on the pages, storing, rate limit, and the editors' review."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.corrections import CorrectionError, accept_report, client_key, report_url
from catalog.models import CorrectionReport, FactSource, LanguageModel, Offering, PriceRecord
from tests.factories import (
    CorrectionReportFactory,
    FactSourceFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("catalog:report-correction")
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def model():
    return LanguageModelFactory(slug="alpha", name="Alpha", context_window_tokens=128_000)


@pytest.fixture
def offering(model):
    return OfferingFactory(
        model=model,
        provider=ProviderFactory(slug="host", name="Host"),
        input_usd_per_mtok=Decimal("1.00"),
        output_usd_per_mtok=Decimal("5.00"),
        last_verified_on=dt.date(2026, 1, 1),
    )


def report_data(model, **overrides):
    data = {
        "figure": f"model:{model.slug}:context_window_tokens",
        "suggested_value": "200000",
        "source_url": "https://example.com/card",
        "note": "",
        "models": model.slug,
        "next": model.get_absolute_url(),
        "website": "",
    }
    data.update(overrides)
    return data


# The form on the pages -----------------------------------------------------------------


def test_model_page_links_to_the_report_page_and_sets_no_cookie(client, model, offering):
    response = client.get(model.get_absolute_url())
    text = response.text
    assert 'id="report"' in text and "Report a wrong value" in text
    assert 'href="/report/?models=alpha&amp;next=%2Fmodels%2Falpha%2F"' in text
    assert 'method="post"' not in text and "csrfmiddlewaretoken" not in text
    assert not response.cookies


def test_comparison_page_links_to_the_report_page_and_sets_no_cookie(client, model, offering):
    LanguageModelFactory(slug="beta", name="Beta")
    page = reverse("comparisons:compare", args=["alpha-vs-beta"])
    response = client.get(page)
    assert 'href="/report/?models=alpha%2Cbeta&amp;next=%2Fcompare%2Falpha-vs-beta%2F"' in (
        response.text
    )
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_the_report_page_offers_every_figure_of_the_models(client, model, offering):
    other = LanguageModelFactory(slug="beta", name="Beta")
    response = client.get(REPORT_URL, {"models": "alpha,beta", "next": "/compare/alpha-vs-beta/"})
    text = response.text
    assert response.status_code == 200
    assert f'action="{REPORT_URL}"' in text and 'method="post"' in text
    assert 'name="csrfmiddlewaretoken"' in text and "csrftoken" in response.cookies
    assert 'name="models" value="alpha,beta"' in text
    for field in ("context_window_tokens", "release_date", "knowledge_cutoff", "max_output_tokens"):
        assert f'value="model:alpha:{field}"' in text
    assert f'value="model:{other.slug}:release_date"' in text
    assert f'value="offering:{offering.pk}:input_usd_per_mtok"' in text
    assert f'value="offering:{offering.pk}:output_usd_per_mtok"' in text
    assert '<a href="/compare/alpha-vs-beta/">Back to the page you were reading</a>' in text


def test_report_from_the_comparison_page_is_confirmed_next_to_the_form(client, model, offering):
    LanguageModelFactory(slug="beta", name="Beta")
    page = reverse("comparisons:compare", args=["alpha-vs-beta"])
    response = client.post(
        REPORT_URL,
        report_data(
            model,
            figure=f"offering:{offering.pk}:output_usd_per_mtok",
            suggested_value="4.50",
            models="alpha,beta",
            next=page,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == report_url(["alpha", "beta"], back=page)
    report = CorrectionReport.objects.get()
    assert report.offering == offering and report.model == model
    assert report.field == "output_usd_per_mtok" and report.current_value == "5"
    assert report.page_url == page

    confirmation = client.get(response["Location"]).text
    thanks = confirmation.index("Thank you: an editor will check your report")
    assert thanks < confirmation.index("<h1>Report a wrong value</h1>")
    assert thanks < confirmation.index('<form method="post"')
    assert f'<a href="{page}">Back to the page you were reading</a>' in confirmation


# Storing -------------------------------------------------------------------------------


def test_valid_report_is_stored_as_plain_text_and_thanked(client, model):
    response = client.post(REPORT_URL, report_data(model, note=SCRIPT, suggested_value="200k"))
    assert response.status_code == 302
    assert response["Location"] == report_url(["alpha"], back=model.get_absolute_url())
    report = CorrectionReport.objects.get()
    assert report.note == SCRIPT  # verbatim
    assert report.suggested_value == "200k"
    assert report.model == model and report.offering is None
    assert report.field == "context_window_tokens" and report.current_value == "128000"
    assert report.status == CorrectionReport.Status.PENDING
    assert report.client_key == client_key("127.0.0.1") and "127.0.0.1" not in report.client_key
    assert report.page_url == model.get_absolute_url()

    page = client.get(response["Location"])
    assert "Thank you" in page.text


def test_report_is_shown_escaped_in_admin(editor_client, model):
    report = CorrectionReportFactory(model=model, note=SCRIPT, suggested_value=SCRIPT)
    changelist = editor_client.get(reverse("admin:catalog_correctionreport_changelist")).text
    change = editor_client.get(
        reverse("admin:catalog_correctionreport_change", args=[report.pk])
    ).text
    for text in (changelist, change):
        assert SCRIPT not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_csrf_is_enforced(model):
    client = Client(enforce_csrf_checks=True)
    response = client.post(REPORT_URL, report_data(model))
    assert response.status_code == 403
    assert not CorrectionReport.objects.exists()

    page = client.get(report_url(["alpha"]))
    token = page.cookies["csrftoken"].value
    response = client.post(REPORT_URL, {**report_data(model), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert CorrectionReport.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source_url": ""}, "This field is required"),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"source_url": "ftp://example.com/card"}, "Enter a valid URL"),
        ({"source_url": "https://example.com/" + "a" * 200}, "at most 200 characters"),
        ({"suggested_value": ""}, "This field is required"),
        ({"suggested_value": "9" * 201}, "at most 200 characters"),
        ({"note": "n" * 2001}, "at most 2000 characters"),
        ({"figure": "model:alpha:body"}, "Select a valid choice"),
        ({"figure": "model:someone-else:release_date"}, "Select a valid choice"),
        ({"figure": "offering:999999:input_usd_per_mtok"}, "Select a valid choice"),
        ({"models": "does-not-exist"}, "No model in the catalogue matches that link"),
        ({"models": "\x00"}, "No model in the catalogue matches that link"),
        ({"suggested_value": "200\x0b000"}, "Remove the control character(s) U+000B"),
        ({"note": "a\x00b"}, "Null characters are not allowed"),
        ({"source_url": "https://example.com/\x1b"}, "U+001B"),
        ({"next": "/models/alpha/\x00"}, "The link to this form was damaged"),
    ],
)
def test_bad_input_is_400_with_messages(client, model, overrides, message):
    response = client.post(REPORT_URL, report_data(model, **overrides))
    assert response.status_code == 400
    assert message in response.text
    assert "The report was not sent" in response.text
    assert not CorrectionReport.objects.exists()


def test_invalid_form_reshows_what_was_typed_escaped(client, model):
    response = client.post(REPORT_URL, report_data(model, source_url="", note=SCRIPT))
    assert response.status_code == 400
    assert SCRIPT not in response.text
    assert "&lt;script&gt;" in response.text


def test_honeypot_is_thanked_but_not_stored(client, model):
    response = client.post(REPORT_URL, report_data(model, website="http://spam.example"))
    assert response.status_code == 302
    assert not CorrectionReport.objects.exists()


def test_next_cannot_redirect_off_site(client, model):
    response = client.post(REPORT_URL, report_data(model, next="https://evil.example/"))
    assert response["Location"] == report_url(["alpha"], back=model.get_absolute_url())


def test_the_form_has_a_page_of_its_own(client, model):
    response = client.get(REPORT_URL, {"models": "alpha", "figure": "model:alpha:release_date"})
    assert response.status_code == 200
    assert 'value="model:alpha:release_date" selected' in response.text
    assert 'name="robots" content="noindex"' in response.text


# Rate limit ----------------------------------------------------------------------------


def test_rate_limit_answers_429_after_n_reports(client, model, settings):
    settings.CORRECTIONS_PER_HOUR = 3
    for _ in range(3):
        assert client.post(REPORT_URL, report_data(model)).status_code == 302
    response = client.post(REPORT_URL, report_data(model))
    assert response.status_code == 429
    assert "at most 3 reports an hour" in response.text
    assert response["Retry-After"] == "3600"
    assert CorrectionReport.objects.count() == 3

    other_client = client.post(REPORT_URL, report_data(model), REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 302


def test_rate_limit_default_is_five_and_counts_only_the_last_hour(client, model):
    for _ in range(5):
        assert client.post(REPORT_URL, report_data(model)).status_code == 302
    assert client.post(REPORT_URL, report_data(model)).status_code == 429
    # 59 minutes ago is still within the hour; 61 minutes ago is not.
    CorrectionReport.objects.update(created_at=timezone.now() - dt.timedelta(minutes=59))
    refused = client.post(REPORT_URL, report_data(model))
    assert refused.status_code == 429
    assert "at most 5 reports an hour" in refused.text
    CorrectionReport.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert client.post(REPORT_URL, report_data(model)).status_code == 302
    assert CorrectionReport.objects.count() == 6


# The editors' review -------------------------------------------------------------------


def review(editor_client, action, *reports):
    return editor_client.post(
        reverse("admin:catalog_correctionreport_changelist") + "?status=all",
        {"action": action, "_selected_action": [r.pk for r in reports]},
        follow=True,
    )


def test_review_queue_lists_pending_reports_by_default(editor_client, model):
    pending = CorrectionReportFactory(model=model, suggested_value="pending-value")
    CorrectionReportFactory(
        model=model, suggested_value="done-value", status=CorrectionReport.Status.REJECTED
    )
    changelist = reverse("admin:catalog_correctionreport_changelist")
    text = editor_client.get(changelist).text
    assert "pending-value" in text and "done-value" not in text
    text = editor_client.get(changelist, {"status": "rejected"}).text
    assert "done-value" in text and "pending-value" not in text
    text = editor_client.get(changelist, {"status": "all"}).text
    assert "done-value" in text and "pending-value" in text
    assert editor_client.get(reverse("admin:catalog_correctionreport_add")).status_code == 403
    assert pending.status == CorrectionReport.Status.PENDING


def test_accept_applies_a_price_with_its_source_and_today(editor_client, editor, offering):
    report = CorrectionReportFactory(
        model=offering.model,
        offering=offering,
        field="input_usd_per_mtok",
        suggested_value="$0.75",
        source_url="https://host.example/new-pricing",
    )
    records = PriceRecord.objects.filter(offering=offering).count()
    response = review(editor_client, "accept_and_apply", report)
    assert "1 report accepted and applied." in response.text

    offering.refresh_from_db()
    today = timezone.localdate()
    assert offering.input_usd_per_mtok == Decimal("0.75")
    assert offering.output_usd_per_mtok == Decimal("5")
    assert offering.source_url == "https://host.example/new-pricing"
    assert offering.last_verified_on == today
    assert PriceRecord.objects.filter(offering=offering).count() == records + 1
    latest = offering.price_history.latest()
    assert latest.input_usd_per_mtok == Decimal("0.75") and latest.effective_on == today
    assert latest.source_url == "https://host.example/new-pricing"
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.ACCEPTED
    assert report.reviewed_by == editor and report.reviewed_at is not None


def test_accept_applies_a_model_fact_with_a_fact_source(editor_client, model):
    FactSourceFactory(model=model, url="https://old.example/card", checked_on=dt.date(2025, 1, 1))
    report = CorrectionReportFactory(
        model=model, suggested_value="200,000", source_url="https://example.com/new-card"
    )
    review(editor_client, "accept_and_apply", report)
    model.refresh_from_db()
    assert model.context_window_tokens == 200_000
    source = FactSource.objects.get(model=model, field=FactSource.Field.CONTEXT_WINDOW)
    assert source.url == "https://example.com/new-card"
    assert source.checked_on == timezone.localdate()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("release_date", "2025-09-30", dt.date(2025, 9, 30)),
        ("knowledge_cutoff", "2025-03", "2025-03"),
        ("max_output_tokens", "64k", 64_000),
    ],
)
def test_accept_parses_each_kind_of_fact(model, editor, field, value, expected):
    report = CorrectionReportFactory(model=model, field=field, suggested_value=value)
    accept_report(report, user=editor)
    model.refresh_from_db()
    assert getattr(model, field) == expected
    assert FactSource.objects.filter(model=model, field=field).exists()


def test_reject_changes_nothing(editor_client, editor, offering):
    report = CorrectionReportFactory(
        model=offering.model, offering=offering, field="input_usd_per_mtok", suggested_value="9"
    )
    before = Offering.objects.values().get(pk=offering.pk)
    records = PriceRecord.objects.count()
    response = review(editor_client, "reject", report)
    assert "1 report rejected." in response.text
    assert Offering.objects.values().get(pk=offering.pk) == before
    assert PriceRecord.objects.count() == records
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.REJECTED and report.reviewed_by == editor


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("input_usd_per_mtok", "abc", "is not a price"),
        ("input_usd_per_mtok", "-1", "is not a price"),
        ("input_usd_per_mtok", "0.00000000001", "more than 10 decimal places"),
        ("context_window_tokens", "0", "positive whole number"),
        ("context_window_tokens", "lots", "is not a number of tokens"),
        ("release_date", "2025-02-30", "is not a date"),
        ("knowledge_cutoff", "early 2025", "is not a date"),
    ],
)
def test_accept_with_an_invalid_value_changes_nothing_and_says_why(
    editor_client, offering, field, value, reason
):
    model = offering.model
    report = CorrectionReportFactory(
        model=model,
        offering=offering if field.endswith("mtok") else None,
        field=field,
        suggested_value=value,
    )
    offering_before = Offering.objects.values().get(pk=offering.pk)
    model_before = LanguageModel.objects.values().get(pk=model.pk)
    records, sources = PriceRecord.objects.count(), FactSource.objects.count()

    response = review(editor_client, "accept_and_apply", report)
    assert reason in response.text and "Nothing was changed." in response.text
    assert Offering.objects.values().get(pk=offering.pk) == offering_before
    assert LanguageModel.objects.values().get(pk=model.pk) == model_before
    assert (PriceRecord.objects.count(), FactSource.objects.count()) == (records, sources)
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.PENDING


def test_a_reviewed_report_is_not_applied_twice(editor_client, model):
    report = CorrectionReportFactory(model=model, status=CorrectionReport.Status.REJECTED)
    response = review(editor_client, "accept_and_apply", report)
    assert "already rejected" in response.text
    model.refresh_from_db()
    assert model.context_window_tokens == 128_000


def test_thank_you_message_is_a_django_message(client, model):
    response = client.post(REPORT_URL, report_data(model))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: an editor will check your report and its source."
    ]


def test_a_source_url_the_form_takes_can_be_accepted_and_one_longer_is_refused(
    client, model, editor
):
    from catalog.models import BenchmarkResult, ModelCapability

    limit = CorrectionReport._meta.get_field("source_url").max_length
    for target, name in [
        (Offering, "source_url"),
        (FactSource, "url"),
        (BenchmarkResult, "source_url"),
        (ModelCapability, "source_url"),
    ]:
        assert target._meta.get_field(name).max_length == limit, (target, name)
    longest = "https://example.com/" + "a" * (limit - len("https://example.com/"))
    too_long = client.post(REPORT_URL, report_data(model, source_url=longest + "a"))
    assert too_long.status_code == 400
    assert f"at most {limit} characters" in too_long.text
    assert client.post(REPORT_URL, report_data(model, source_url=longest)).status_code == 302
    accept_report(CorrectionReport.objects.get(), user=editor)
    source = FactSource.objects.get(model=model, field="context_window_tokens")
    assert source.url == longest


# Capabilities, license and benchmark scores; labels editors read ---------------------------


@pytest.fixture
def rich_model(model):
    from tests.factories import (
        BenchmarkResultFactory,
        CapabilityFactory,
        LicenseFactory,
        ModelCapabilityFactory,
    )

    vision = CapabilityFactory(slug="vision", name="Vision")
    CapabilityFactory(slug="batch-api", name="Batch API")  # nobody sourced it: unknown
    ModelCapabilityFactory(model=model, capability=vision, support="no")
    LicenseFactory(slug="apache-2-0", name="Apache 2.0", spdx_id="Apache-2.0")
    result = BenchmarkResultFactory(model=model, score=Decimal("80.900"))
    return model, vision, result


def test_capabilities_license_and_scores_are_offered(client, rich_model):
    result = rich_model[2]
    text = client.get(REPORT_URL, {"models": "alpha"}).text
    assert 'value="model:alpha:license"' in text
    assert '<option value="capability:alpha:vision">Capability: Vision (now no)</option>' in text
    assert "Capability: Batch API (now unknown)</option>" in text
    assert f'<option value="result:{result.pk}:score">{result.benchmark.name} score' in text


def test_offerings_are_named_by_provider_and_model_id(client, model):
    bedrock = ProviderFactory(slug="aws-bedrock", name="AWS Bedrock")
    east = OfferingFactory(model=model, provider=bedrock, provider_model_id="us.alpha-v1:0")
    west = OfferingFactory(model=model, provider=bedrock, provider_model_id="eu.alpha-v1:0")
    text = client.get(REPORT_URL, {"models": "alpha"}).text
    assert (
        f'value="offering:{east.pk}:input_usd_per_mtok">AWS Bedrock (us.alpha-v1:0) input' in text
    )
    assert (
        f'value="offering:{west.pk}:input_usd_per_mtok">AWS Bedrock (eu.alpha-v1:0) input' in text
    )


def test_a_capability_report_is_stored_and_applied(client, editor, rich_model):
    model, vision, _ = rich_model
    response = client.post(
        REPORT_URL,
        report_data(model, figure="capability:alpha:vision", suggested_value="Yes"),
    )
    assert response.status_code == 302
    report = CorrectionReport.objects.get()
    assert (report.capability, report.field, report.current_value) == (vision, "support", "no")
    accept_report(report, user=editor)
    status = model.capability_statuses.get(capability=vision)
    assert status.support == "yes" and status.source_url == "https://example.com/card"


def test_an_unknown_capability_can_be_reported_and_becomes_known(client, editor, rich_model):
    model, _, _ = rich_model
    client.post(
        REPORT_URL, report_data(model, figure="capability:alpha:batch-api", suggested_value="no")
    )
    report = CorrectionReport.objects.get()
    assert report.current_value == "unknown"
    accept_report(report, user=editor)
    assert model.capability_statuses.get(capability__slug="batch-api").support == "no"


def test_a_license_report_is_applied_by_name_or_spdx_id(client, editor, rich_model):
    model, _, _ = rich_model
    client.post(
        REPORT_URL, report_data(model, figure="model:alpha:license", suggested_value="apache-2.0")
    )
    accept_report(CorrectionReport.objects.get(), user=editor)
    model.refresh_from_db()
    assert model.license.name == "Apache 2.0"
    assert FactSource.objects.get(model=model, field="license").url == "https://example.com/card"


def test_a_score_report_is_applied_with_its_source(client, editor, rich_model):
    model, _, result = rich_model
    client.post(
        REPORT_URL, report_data(model, figure=f"result:{result.pk}:score", suggested_value="81.25")
    )
    report = CorrectionReport.objects.get()
    assert report.benchmark_result == result and report.current_value == "80.9"
    accept_report(report, user=editor)
    result.refresh_from_db()
    assert result.score == Decimal("81.25") and result.checked_on == timezone.localdate()


def test_a_score_outside_its_benchmarks_range_is_refused_and_changes_nothing(
    client, editor, rich_model
):
    model, _, result = rich_model
    benchmark = result.benchmark
    benchmark.min_score, benchmark.max_score = Decimal(0), Decimal(100)
    benchmark.save()
    client.post(
        REPORT_URL, report_data(model, figure=f"result:{result.pk}:score", suggested_value="100.5")
    )
    report = CorrectionReport.objects.get()
    with pytest.raises(CorrectionError, match=r"scores lie between 0\.?0* and 100"):
        accept_report(report, user=editor)
    result.refresh_from_db()
    assert result.score == Decimal("80.900")
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.PENDING


@pytest.mark.parametrize(
    ("figure", "value", "message"),
    [
        ("capability:alpha:vision", "maybe", "is not yes, no or unknown"),
        ("model:alpha:license", "Made-Up License", "is not a license in the catalogue"),
        ("result:{result}:score", "1e-16384", "is not a score"),
        ("result:{result}:score", "80.1234", "more than 3 decimal places"),
        ("offering:{offering}:input_usd_per_mtok", "NaN", "is not a price"),
        ("model:alpha:context_window_tokens", "1e999", "is not a number of tokens"),
    ],
)
def test_the_form_refuses_a_value_acceptance_would_refuse(
    client, rich_model, offering, figure, value, message
):
    _, _, result = rich_model
    figure = figure.format(result=result.pk, offering=offering.pk)
    response = client.post(
        REPORT_URL, report_data(rich_model[0], figure=figure, suggested_value=value)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not CorrectionReport.objects.exists()


def test_the_report_page_in_the_admin_has_labels_and_review_buttons(
    editor_client, editor, offering
):
    report = CorrectionReportFactory(
        model=offering.model, offering=offering, field="input_usd_per_mtok", suggested_value="0.8"
    )
    page = reverse("admin:catalog_correctionreport_change", args=[report.pk])
    text = editor_client.get(page).text
    assert "Host (" in text and "input price" in text
    assert "input_usd_per_mtok" not in text
    assert 'name="_accept"' in text and 'name="_reject"' in text
    changelist = editor_client.get(reverse("admin:catalog_correctionreport_changelist")).text
    assert "input_usd_per_mtok" not in changelist

    response = editor_client.post(
        page, {"suggested_value": "0.75", "_accept": "Accept"}, follow=True
    )
    assert "1 report accepted and applied." in response.text
    offering.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("0.75")
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.ACCEPTED and report.reviewed_by == editor
    assert 'name="_accept"' not in editor_client.get(page).text


def test_the_reject_button_rejects(editor_client, model):
    report = CorrectionReportFactory(model=model)
    page = reverse("admin:catalog_correctionreport_change", args=[report.pk])
    response = editor_client.post(
        page, {"suggested_value": report.suggested_value, "_reject": "1"}, follow=True
    )
    assert "1 report rejected." in response.text
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.REJECTED
    model.refresh_from_db()
    assert model.context_window_tokens == 128_000


def test_each_spec_row_links_to_its_figure_preselected(client, model):
    text = client.get(model.get_absolute_url()).text
    link = report_url(["alpha"], back="/models/alpha/", figure="model:alpha:context_window_tokens")
    assert f'href="{link.replace("&", "&amp;")}" aria-label="Report a wrong context window"' in (
        text
    )
    for field in ("release_date", "knowledge_cutoff", "max_output_tokens", "license"):
        assert f"figure=model%3Aalpha%3A{field}" in text
    form = client.get(link).text
    assert 'value="model:alpha:context_window_tokens" selected' in form


def test_a_report_keeps_a_price_as_precise_as_an_offering_stores_it():
    from catalog.corrections import price_from_text

    assert price_from_text("0.0000001") == Decimal("0.0000001")  # 7 places: more than cents
