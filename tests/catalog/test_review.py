"""The review queue: accept, reject and merge what imports bring, in the admin."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import (
    BenchmarkResult,
    FactSource,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    PriceRecord,
    ProposedChange,
    Provider,
    ReviewStatus,
)
from catalog.review import ReviewError, accept_change, merge_model, reject_change
from tests import factories as f

pytestmark = pytest.mark.django_db
PENDING = ReviewStatus.PENDING
SNAPSHOT_DAY = dt.date(2026, 7, 2)
QUEUE = reverse("admin:catalog_proposedchange_review")
MERGE = reverse("admin:catalog_languagemodel_merge")


def texts(client, response) -> list[str]:
    """The messages the editor sees on the page a POST redirects to."""
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


# Applying and deciding proposed changes ------------------------------------------------------


def test_accepting_a_price_change_applies_it_dated_by_its_source(editor):
    change = f.ProposedChangeFactory(old_value="1.00", new_value="0.000015")
    offering = change.offering
    accept_change(change, user=editor)

    offering.refresh_from_db()
    # A tiny per-token price keeps its precision: never rounded to 0.
    assert offering.input_usd_per_mtok == Decimal("0.000015")
    assert (offering.last_verified_on, offering.source_note) == (SNAPSHOT_DAY, change.source)
    assert offering.imported_values["input_usd_per_mtok"] == "0.000015"
    record = offering.price_history.order_by("-recorded_at").first()
    assert (record.effective_on, record.input_usd_per_mtok) == (SNAPSHOT_DAY, Decimal("0.000015"))
    change.refresh_from_db()
    assert (change.status, change.reviewed_by) == (ProposedChange.Status.ACCEPTED, editor)


def test_rejecting_a_change_leaves_the_value_and_cannot_be_decided_twice(editor):
    change = f.ProposedChangeFactory()
    records = PriceRecord.objects.count()
    reject_change(change, user=editor)
    change.offering.refresh_from_db()
    assert change.offering.input_usd_per_mtok == Decimal("1.00")
    assert PriceRecord.objects.count() == records
    with pytest.raises(ReviewError, match="already rejected"):
        accept_change(change, user=editor)


def test_accepting_a_model_fact_records_its_source_and_the_documents_date(editor):
    model = f.LanguageModelFactory(max_output_tokens=8192)
    change = f.ProposedChangeFactory(
        offering=None, model=model, field="max_output_tokens", old_value=8192, new_value=16384
    )
    capability = f.CapabilityFactory(slug="vision")
    vision = f.ProposedChangeFactory(
        offering=None, model=model, field="capabilities.vision", old_value=None, new_value="yes"
    )
    accept_change(change, user=editor)
    accept_change(vision, user=editor)
    model.refresh_from_db()
    assert model.max_output_tokens == 16384
    source = model.sources.get(field=FactSource.Field.MAX_OUTPUT)
    assert (source.url, source.checked_on, source.note) == (
        "https://example.com/pricing",
        SNAPSHOT_DAY,
        change.source,
    )
    assert ModelCapability.objects.get(model=model, capability=capability).support == "yes"
    # Both values are the editor's now: no loader or import overwrites them.
    assert model.imported_values == {
        "max_output_tokens": 16384,
        "capabilities.vision": "yes",
        "@by": {"max_output_tokens": "editor", "capabilities.vision": "editor"},
    }


def test_accepting_a_new_score_creates_the_result_dated_by_its_source(editor):
    model = f.LanguageModelFactory()
    f.BenchmarkFactory(slug="swe-bench-pro")
    change = f.ProposedChangeFactory(
        offering=None,
        model=model,
        field="benchmarks.swe-bench-pro.custom-scaffold.Codex harness, v2.1",
        old_value=None,
        new_value="41.5",
        reason="a new result on a reviewed model",
    )
    accept_change(change, user=editor)
    result = BenchmarkResult.objects.get(model=model)
    assert (result.score, result.setting, result.setting_detail) == (
        Decimal("41.5"),
        "custom-scaffold",
        "Codex harness, v2.1",
    )
    assert (result.checked_on, result.source_note, result.reported_by) == (
        SNAPSHOT_DAY,
        change.source,
        "independent",
    )
    model.refresh_from_db()
    assert model.imported_values[change.field] == "41.5"


def test_a_change_the_row_cannot_take_is_refused_with_a_reason(editor):
    change = f.ProposedChangeFactory(new_value="-3")
    with pytest.raises(ReviewError, match="Ensure this value is greater than or equal to 0"):
        accept_change(change, user=editor)
    change.refresh_from_db()
    assert change.status == ProposedChange.Status.PENDING


# The review page ---------------------------------------------------------------------------


@pytest.fixture
def queue():
    """A new provider with two new routes, a route change on a known provider, a draft model."""
    known = f.ProviderFactory(name="Known host")
    newcomer = f.ProviderFactory(name="Newcomer", review_status=PENDING)
    published = f.LanguageModelFactory(name="Published model", slug="published-model")
    routes = [
        f.OfferingFactory(model=published, provider=newcomer, review_status=PENDING)
        for _ in range(2)
    ]
    change = f.ProposedChangeFactory(
        offering=f.OfferingFactory(model=published, provider=known, provider_model_id="pm-1")
    )
    draft = f.LanguageModelFactory(
        name="Draft model", slug="draft-model", is_published=False, review_status=PENDING
    )
    return {"newcomer": newcomer, "routes": routes, "change": change, "draft": draft}


def test_the_queue_groups_by_provider_with_old_and_new_values(
    editor_client, queue, django_assert_num_queries
):
    with django_assert_num_queries(8):
        response = editor_client.get(QUEUE)
    assert response.status_code == 200
    groups = {g.title: g for g in response.context["groups"]}
    assert list(groups) == ["Known host", "Newcomer"]
    (item,) = groups["Known host"].items
    assert (item.key, item.what, item.old, item.new) == (
        f"change-{queue['change'].pk}",
        "Change pm-1 (Published model): input_usd_per_mtok",
        "1.00",
        "0.80",
    )
    assert "models.dev snapshot of 2026-07-02" in item.source
    keys = [i.key for i in groups["Newcomer"].items]
    assert keys == [f"provider-{queue['newcomer'].pk}"] + [
        f"offering-{o.pk}" for o in sorted(queue["routes"], key=lambda o: o.provider_model_id)
    ]
    content = response.content.decode()
    assert "<td>1.00</td>" in content and "<td>0.80</td>" in content


def test_the_queue_query_count_does_not_grow_with_the_queue(
    editor_client, queue, django_assert_num_queries
):
    for _ in range(5):
        provider = f.ProviderFactory(review_status=PENDING)
        f.OfferingFactory(provider=provider, review_status=PENDING)
        f.LanguageModelFactory(is_published=False, review_status=PENDING)
    with django_assert_num_queries(8):
        assert editor_client.get(QUEUE).status_code == 200
    with django_assert_num_queries(7):
        response = editor_client.get(QUEUE, {"section": "models"})
    (draft_group,) = [g for g in response.context["groups"] if g.title.startswith("Draft model")]
    assert draft_group.items[0].merge_url == f"{MERGE}?ids={queue['draft'].pk}"


def test_accept_one_and_reject_one_from_the_queue(editor_client, queue):
    change, newcomer = queue["change"], queue["newcomer"]
    response = editor_client.post(QUEUE, {"one": f"accept:change-{change.pk}"})
    assert response.status_code == 302
    assert texts(editor_client, response) == ["1 item accepted."]
    assert Offering.objects.get(pk=change.offering_id).input_usd_per_mtok == Decimal("0.80")

    response = editor_client.post(QUEUE, {"one": f"reject:provider-{newcomer.pk}"})
    assert texts(editor_client, response) == ["1 item rejected."]
    assert Provider.objects.get(pk=newcomer.pk).review_status == ReviewStatus.REJECTED


def test_bulk_accept_reports_what_could_not_be_done(editor_client, queue):
    keys = [f"offering-{o.pk}" for o in queue["routes"]]
    response = editor_client.post(
        QUEUE, {"decision": "accept", "item": [*keys, f"model-{queue['draft'].pk}", "model-999999"]}
    )
    assert texts(editor_client, response) == [
        "3 items accepted.",
        "Not accepted: language model #999999 no longer exists.",
    ]
    assert set(
        Offering.objects.filter(pk__in=[o.pk for o in queue["routes"]]).values_list(
            "review_status", flat=True
        )
    ) == {"accepted"}
    draft = LanguageModel.objects.get(pk=queue["draft"].pk)
    assert (draft.review_status, draft.is_published) == ("accepted", True)


def test_a_post_without_a_decision_changes_nothing(editor_client, queue):
    response = editor_client.post(QUEUE, {"item": [f"provider-{queue['newcomer'].pk}"]})
    assert texts(editor_client, response) == ["Choose accept or reject, and at least one item."]
    assert Provider.objects.get(pk=queue["newcomer"].pk).review_status == PENDING


def test_admin_actions_accept_and_reject_in_bulk(editor_client, queue):
    changelist = reverse("admin:catalog_offering_changelist")
    pks = [o.pk for o in queue["routes"]]
    response = editor_client.post(
        changelist, {"action": "reject_selected", "_selected_action": pks}
    )
    assert response.status_code == 302
    assert texts(editor_client, response) == ["2 items rejected."]
    assert not Offering.objects.filter(pk__in=pks).exclude(review_status="rejected").exists()

    response = editor_client.post(
        reverse("admin:catalog_proposedchange_changelist"),
        {"action": "accept_selected", "_selected_action": [queue["change"].pk]},
    )
    assert texts(editor_client, response) == ["1 item accepted."]


def test_publishing_a_pending_model_asks_for_review_first(editor_client, queue):
    response = editor_client.post(
        reverse("admin:catalog_languagemodel_changelist"),
        {"action": "publish", "_selected_action": [queue["draft"].pk]},
    )
    assert texts(editor_client, response) == [
        "0 models published.",
        "1 model is not accepted yet: accept it in the review queue first.",
    ]
    assert not LanguageModel.objects.get(pk=queue["draft"].pk).is_published


# Merging -----------------------------------------------------------------------------------


@pytest.fixture
def draft_and_target():
    lab = f.LabFactory()
    target = f.LanguageModelFactory(name="Claude Haiku 4.5", slug="claude-haiku-4-5", lab=lab)
    draft = f.LanguageModelFactory(
        name="claude-haiku-4.5",
        slug="anthropic-claude-haiku-4-5",
        lab=lab,
        is_published=False,
        review_status=PENDING,
        release_date=None,
        knowledge_cutoff="2025-02",
        imported_values={"knowledge_cutoff": "2025-02", "@by": {"knowledge_cutoff": "editor"}},
    )
    target.knowledge_cutoff = ""
    target.save()
    f.ModelAliasFactory(model=draft, identifier="anthropic/claude-haiku-4.5")
    route = f.OfferingFactory(model=draft, provider_model_id="anthropic/claude-haiku-4.5")
    f.BenchmarkResultFactory(model=draft, benchmark=f.BenchmarkFactory(slug="only-draft"))
    FactSource.objects.create(
        model=draft,
        field=FactSource.Field.KNOWLEDGE_CUTOFF,
        url="https://models.dev/",
        checked_on=SNAPSHOT_DAY,
        note="models.dev snapshot of 2026-07-02",
    )
    return draft, target, route


def test_merge_moves_everything_and_the_drafts_id_becomes_an_alias(draft_and_target, editor):
    draft, target, route = draft_and_target
    report = merge_model(draft, target, user=editor)
    assert not LanguageModel.objects.filter(pk=draft.pk).exists()
    assert report.draft_deleted and report.conflicts == []
    assert sorted(target.aliases.values_list("identifier", flat=True)) == [
        "anthropic-claude-haiku-4-5",
        "anthropic/claude-haiku-4.5",
    ]
    assert Offering.objects.get(pk=route.pk).model == target
    assert target.benchmark_results.get().benchmark.slug == "only-draft"
    target.refresh_from_db()
    # The sourced figure the target did not know moves with its source and bookkeeping.
    assert target.knowledge_cutoff == "2025-02"
    assert target.sources.get(field="knowledge_cutoff").checked_on == SNAPSHOT_DAY
    assert target.imported_values["knowledge_cutoff"] == "2025-02"
    # ...with who set it: an editor accepted it on the draft, so it stays the editor's.
    assert target.imported_values["@by"] == {"knowledge_cutoff": "editor"}


def test_merge_through_the_admin_reports_conflicts_and_keeps_them(editor_client, draft_and_target):
    draft, target, _ = draft_and_target
    shared = f.BenchmarkFactory(slug="shared")
    f.BenchmarkResultFactory(model=target, benchmark=shared, score=Decimal("70"))
    f.BenchmarkResultFactory(model=draft, benchmark=shared, score=Decimal("71"))

    page = editor_client.get(MERGE, {"ids": draft.pk})
    assert page.status_code == 200
    assert target in page.context["form"].fields["target"].queryset
    assert draft not in page.context["form"].fields["target"].queryset

    response = editor_client.post(f"{MERGE}?ids={draft.pk}", {"target": target.pk})
    assert response.status_code == 302
    (message,) = texts(editor_client, response)
    assert message.startswith("claude-haiku-4.5 merged into Claude Haiku 4.5. Moved 2 aliases")
    assert "1 conflict(s) kept on the draft" in message
    assert "draft has “claude-haiku-4.5 on Shared" not in message  # named by benchmark, below
    assert "benchmark results: draft has" in message
    # Nothing is lost: the clashing result stays on the (unpublished) draft.
    kept = LanguageModel.objects.get(pk=draft.pk)
    assert kept.benchmark_results.get().score == Decimal("71")
    assert BenchmarkResult.objects.get(model=target, benchmark=shared).score == Decimal("70")
    assert ModelAlias.objects.filter(model=target, identifier="anthropic-claude-haiku-4-5").exists()


def test_merging_a_published_model_away_is_refused(editor_client):
    published = f.LanguageModelFactory()
    target = f.LanguageModelFactory()
    response = editor_client.post(f"{MERGE}?ids={published.pk}", {"target": target.pk})
    assert texts(editor_client, response) == [
        f"{published.name} was not merged: {published.name} is published: unpublish it before "
        "merging it away."
    ]
    assert LanguageModel.objects.filter(pk=published.pk).exists()


def test_the_merge_page_without_drafts_goes_back_to_the_list(editor_client):
    response = editor_client.get(MERGE, {"ids": "x,,"})
    assert response.status_code == 302
    assert texts(editor_client, response) == ["Choose the draft model(s) to merge first."]


# Public pages ------------------------------------------------------------------------------


def test_pending_rows_reach_public_pages_only_once_accepted(client, editor_client, queue):
    newcomer, draft = queue["newcomer"], queue["draft"]
    provider_page = reverse("catalog:provider-detail", args=[newcomer.slug])
    model_page = reverse("catalog:model-detail", args=["published-model"])
    assert client.get(provider_page).status_code == 404
    assert newcomer.name not in client.get(reverse("catalog:provider-list")).content.decode()
    assert newcomer.name not in client.get(model_page).content.decode()
    assert newcomer.slug not in client.get("/api/providers.json").content.decode()
    assert newcomer.slug not in client.get("/sitemap-providers.xml").content.decode()
    assert newcomer.name not in client.get(reverse("catalog:model-list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404

    keys = [f"provider-{newcomer.pk}", f"model-{draft.pk}"]
    keys += [f"offering-{o.pk}" for o in queue["routes"]]
    editor_client.post(QUEUE, {"decision": "accept", "item": keys})

    assert client.get(provider_page).status_code == 200
    assert newcomer.name in client.get(reverse("catalog:provider-list")).content.decode()
    assert newcomer.name in client.get(model_page).content.decode()
    assert newcomer.slug in client.get("/api/providers.json").content.decode()
    assert newcomer.slug in client.get("/sitemap-providers.xml").content.decode()
    assert newcomer.name in client.get(reverse("catalog:model-list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200
