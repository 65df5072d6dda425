"""The models.dev importer, rule by rule, on small trees written under tmp_path."""

import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.importers.engine import ImportFailed
from catalog.importers.identity import normalised_id
from catalog.importers.modelsdev import import_modelsdev
from catalog.models import (
    BenchmarkResult,
    FactSource,
    ImportRun,
    Lab,
    LanguageModel,
    ModelAlias,
    ModelCapability,
    Offering,
    PriceRecord,
    ProposedChange,
    Provider,
)
from tests.factories import (
    BenchmarkFactory,
    CapabilityFactory,
    LabFactory,
    LanguageModelFactory,
    ModelAliasFactory,
    OfferingFactory,
    ProprietaryLicenseFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
SNAPSHOT = dt.date(2026, 7, 2)
SOURCE_MD = "Taken from the public repository at commit f3fc692 (2026-07-02).\n"

HAIKU = """
    name = "Claude Haiku 4.5 (latest)"
    family = "claude-haiku"
    release_date = "2025-10-15"
    knowledge = "2025-02-28"
    attachment = true
    reasoning = true
    tool_call = true
    open_weights = false

    [limit]
    context = 200_000
    output = 64_000

    [modalities]
    input = ["text", "image", "pdf"]
    output = ["text"]

    [[benchmarks]]
    name = "swe bench PRO"
    score = 39.45
    dataset = "public"
    source = "https://labs.scale.com/leaderboard/swe_bench_pro_public"

    [[benchmarks]]
    name = "Made-up Bench"
    score = 1
"""
ROUTE = """
    name = "Claude Haiku 4.5"
    [cost]
    input = 1.00
    output = 5.00
    cache_read = 0.10
    cache_write = 1.25
    [limit]
    context = 200_000
    output = 64_000
"""


def write(root, files: dict[str, str]):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    return root


@pytest.fixture
def tree(tmp_path):
    """One lab with an alias file and its pinned snapshot, served by four providers."""
    return write(
        tmp_path / "models.dev",
        {
            "SOURCE.md": SOURCE_MD,
            "models/anthropic/claude-haiku-4-5.toml": HAIKU,
            "models/anthropic/claude-haiku-4-5-20251001.toml": HAIKU.replace(" (latest)", ""),
            "providers/anthropic/provider.toml": """
                name = "Anthropic"
                doc = "https://docs.anthropic.com/en/docs/about-claude/models"
            """,
            "providers/anthropic/models/claude-haiku-4-5-20251001.toml": ROUTE,
            "providers/amazon-bedrock/provider.toml": 'name = "Amazon Bedrock"\n',
            "providers/amazon-bedrock/models/anthropic.claude-haiku-4-5-20251001-v1:0.toml": ROUTE,
            "providers/google-vertex/provider.toml": 'name = "Vertex"\n',
            "providers/google-vertex/models/claude-haiku-4-5@20251001.toml": ROUTE,
            "providers/vercel/provider.toml": 'name = "Vercel AI Gateway"\n',
            "providers/vercel/models/anthropic/claude-haiku-4.5": ROUTE,
            "providers/inferencer/provider.toml": 'name = "Inferencer"\n',
        },
    )


@pytest.fixture
def vocabulary(db):
    ProprietaryLicenseFactory()
    for slug in ("function-calling", "tool-use", "reasoning-mode", "vision", "multimodal-input"):
        CapabilityFactory(slug=slug, name=slug)
    return BenchmarkFactory(slug="swe-bench-pro", name="SWE-Bench Pro", aliases=["SWE Bench Pro"])


def run(path, **kwargs):
    return import_modelsdev(path, today=TODAY, **kwargs)


def test_the_five_haiku_ids_are_one_model(tree, vocabulary):
    report = run(tree)

    haiku = LanguageModel.objects.get()
    assert haiku.name == "Claude Haiku 4.5"  # " (latest)" stripped
    assert not haiku.is_published  # new models are drafts
    assert set(haiku.offerings.values_list("provider__slug", "provider_model_id")) == {
        ("anthropic", "claude-haiku-4-5-20251001"),
        ("amazon-bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("google-vertex", "claude-haiku-4-5@20251001"),
        ("vercel", "anthropic/claude-haiku-4.5"),
    }
    assert dict(haiku.aliases.values_list("identifier", "kind")) == {
        "claude-haiku-4-5": "alias",
        "claude-haiku-4-5-20251001": "snapshot",
    }
    assert report.status == ImportRun.Status.APPLIED
    assert report.counts["unmatched"] == 0


def test_normalised_ids_meet():
    ids = [
        "claude-haiku-4-5",
        "anthropic/claude-haiku-4.5",
        "global.anthropic.claude-haiku-4-5-v1:0",
        "claude-haiku-4-5@20251001",
        "~anthropic/claude-haiku-4.5:free",
    ]
    assert {normalised_id(i) for i in ids} == {"claude-haiku-4-5"}
    assert normalised_id("deepseek-v3") == "deepseek-v3"  # a version, not a cloud suffix


def test_existing_aliases_and_slugs_are_matched(tree, vocabulary):
    haiku = LanguageModelFactory(slug="claude-haiku-4-5", name="Claude Haiku 4.5")
    ModelAliasFactory(model=haiku, identifier="claude-haiku-4-5-20251001", kind="snapshot")

    run(tree)

    assert LanguageModel.objects.get() == haiku
    assert haiku.offerings.count() == 4


def test_model_figures_capabilities_license_and_provenance(tree, vocabulary):
    run(tree)

    haiku = LanguageModel.objects.get()
    assert haiku.release_date == dt.date(2025, 10, 15)
    assert haiku.knowledge_cutoff == "2025-02-28"
    assert (haiku.context_window_tokens, haiku.max_output_tokens) == (200_000, 64_000)
    assert haiku.input_modalities == ["text", "image", "pdf"]
    assert haiku.license.slug == "proprietary"  # open_weights = false, no license named
    support = dict(haiku.capability_statuses.values_list("capability__slug", "support"))
    assert support == {
        "function-calling": "yes",
        "tool-use": "yes",
        "reasoning-mode": "yes",
        "vision": "yes",
        "multimodal-input": "yes",
    }
    source = haiku.sources.get(field=FactSource.Field.CONTEXT_WINDOW)
    assert source.url == "https://models.dev/"
    assert source.checked_on == SNAPSHOT  # the snapshot's date, never the run's
    assert (
        source.note == "models.dev snapshot of 2026-07-02: models/anthropic/claude-haiku-4-5.toml"
    )
    assert "models/anthropic/claude-haiku-4-5.toml" in source.note
    assert haiku.import_source == "models/anthropic/claude-haiku-4-5.toml"
    assert haiku.imported_values["context_window_tokens"] == 200_000


def test_routes_become_offerings_with_prices_and_provenance(tree, vocabulary):
    run(tree)

    bedrock = Offering.objects.get(provider_model_id="anthropic.claude-haiku-4-5-20251001-v1:0")
    assert (bedrock.input_usd_per_mtok, bedrock.output_usd_per_mtok) == (Decimal(1), Decimal(5))
    assert bedrock.cached_input_usd_per_mtok == Decimal("0.1")
    assert bedrock.cache_write_usd_per_mtok == Decimal("1.25")
    assert bedrock.context_window_tokens is None  # the same as the model's
    assert bedrock.last_verified_on == SNAPSHOT
    assert bedrock.source_url == "https://models.dev/"
    assert "anthropic.claude-haiku-4-5-20251001-v1:0" in bedrock.import_source
    record = bedrock.price_history.get()
    assert (record.effective_on, record.input_usd_per_mtok) == (SNAPSHOT, Decimal(1))
    anthropic = Offering.objects.get(provider__slug="anthropic")
    assert anthropic.source_url == "https://docs.anthropic.com/en/docs/about-claude/models"


def test_openrouter_routes_are_left_to_the_openrouter_importer(tmp_path, vocabulary):
    root = write(
        tmp_path / "models.dev",
        {
            "models/anthropic/claude-haiku-4-5.toml": HAIKU,
            "providers/openrouter/provider.toml": 'name = "OpenRouter"\n',
            "providers/openrouter/models/anthropic/claude-haiku-4.5": ROUTE,
        },
    )
    report = run(root)
    assert not Offering.objects.filter(provider__slug="openrouter").exists()
    assert "come from import_openrouter" in report.report


def test_provider_kinds_are_guessed(tree, vocabulary):
    run(tree)

    kinds = dict(Provider.objects.values_list("slug", "kind"))
    assert kinds == {
        "anthropic": "first-party",
        "amazon-bedrock": "cloud",
        "google-vertex": "cloud",
        "vercel": "aggregator",
        "inferencer": "inference-host",
    }
    assert Provider.objects.get(slug="anthropic").lab == Lab.objects.get(slug="anthropic")


def test_benchmarks_are_matched_by_name_and_unknown_ones_skipped(tree, vocabulary):
    report = run(tree)

    result = BenchmarkResult.objects.get()
    assert result.benchmark == vocabulary
    assert result.score == Decimal("39.450")
    assert "unknown benchmark 'Made-up Bench' (not created)" in report.report
    assert "models/anthropic/claude-haiku-4-5.toml: benchmarks[2]: name:" in report.report


def test_base_model_is_inherited_route_fields_win_and_omit_removes(tmp_path, vocabulary):
    root = write(
        tmp_path,
        {
            "models/openai/gpt-9.toml": """
                name = "GPT-9"
                release_date = 2026-01-01
                [cost]
                input = 3
                cache_read = 0.3
                [limit]
                context = 400_000
                output = 128_000
                [modalities]
                input = ["text"]
                output = ["text"]
            """,
            "providers/cloudy/provider.toml": 'name = "Cloudy"\n',
            "providers/cloudy/models/vendor.gpt-9.toml": """
                base_model = "openai/gpt-9"
                base_model_omit = ["cost.cache_read", "limit.output"]
                status = "deprecated"
                [cost]
                output = 15
                [limit]
                context = 272_000
            """,
        },
    )

    run(root)

    offering = Offering.objects.get()
    assert offering.model.slug == "gpt-9"
    assert offering.input_usd_per_mtok == Decimal(3)  # inherited
    assert offering.output_usd_per_mtok == Decimal(15)  # the route's own
    assert offering.cached_input_usd_per_mtok is None  # omitted
    assert offering.context_window_tokens == 272_000  # differs from the model's
    assert offering.max_output_tokens is None  # omitted, so not the model's either
    assert offering.status == Offering.Status.DEPRECATED


def test_long_context_tiers_and_text_links(tmp_path, vocabulary):
    root = write(
        tmp_path,
        {
            "models/google/gem.toml": 'name = "Gem"\n',
            "providers/host/provider.toml": 'name = "Host"\n',
            "providers/host/models/gem.toml": """
                base_model = "google/gem"
                [cost]
                input = 1.25
                output = 10
                [cost.context_over_200k]
                input = 2.5
                output = 15
            """,
            "providers/mirror/provider.toml": 'name = "Mirror"\n',
            # A git symlink checked out as a text file holding the target's path.
            "providers/mirror/models/gem.toml": "../../host/models/gem.toml",
            "providers/tiered/provider.toml": 'name = "Tiered"\n',
            "providers/tiered/models/gem.toml": """
                base_model = "google/gem"
                [cost]
                input = 2.5
                output = 15
                [[cost.tiers]]
                tier = { type = "context", size = 272_000 }
                input = 5
                output = 22.5
            """,
        },
    )

    run(root)

    host = Offering.objects.get(provider__slug="host")
    assert host.long_context_threshold_tokens == 200_000
    assert host.long_context_input_usd_per_mtok == Decimal("2.5")
    mirror = Offering.objects.get(provider__slug="mirror")
    assert mirror.long_context_output_usd_per_mtok == Decimal(15)
    tiered = Offering.objects.get(provider__slug="tiered")
    assert tiered.long_context_threshold_tokens == 272_000
    assert tiered.long_context_output_usd_per_mtok == Decimal("22.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "Bad\n[cost', "providers/host/models/bad.toml: not valid TOML"),
        ("[cost]\ninput = 1\n", "providers/host/models/bad.toml: name: is required."),
        ('name = "X"\n[cost]\ninput = "abc"\n', "bad.toml: cost.input: is not a number: 'abc'"),
        ('name = "X"\n[cost]\noutput = -2\n', "bad.toml: cost.output: is negative: -2"),
        ('name = "X"\n[limit]\ncontext = -5\n', "bad.toml: limit.context: is negative"),
        (
            'base_model = "google/nope"\n',
            "providers/host/models/bad.toml: base_model: names an unknown model 'google/nope'.",
        ),
    ],
    ids=["bad-toml", "missing-name", "price-abc", "negative-price", "negative-limit", "base"],
)
def test_malformed_files_are_reported_and_skipped(tmp_path, vocabulary, text, expected):
    root = write(
        tmp_path,
        {
            "models/google/gem.toml": 'name = "Gem"\n',
            "providers/host/provider.toml": 'name = "Host"\n',
            "providers/host/models/good.toml": 'base_model = "google/gem"\n[cost]\ninput = 1\n',
        },
    )
    (root / "providers/host/models/bad.toml").write_text(text)

    report = run(root)

    assert expected in report.report
    assert "Skipped." in report.report
    assert report.counts["skipped"] == 1
    assert list(Offering.objects.values_list("provider_model_id", flat=True)) == ["good"]


def test_an_unreadable_root_aborts_and_records_a_failed_run(tmp_path):
    with pytest.raises(ImportFailed, match=r"not a models\.dev checkout"):
        run(tmp_path / "missing")
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_second_run_changes_and_writes_nothing(tree, vocabulary):
    first = run(tree)
    records = PriceRecord.objects.count()

    with CaptureQueriesContext(connection) as queries:
        second = run(tree)

    assert first.counts["changes"] > 0
    assert second.counts["changes"] == 0
    assert PriceRecord.objects.count() == records
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and 'INTO "catalog_importrun"' in writes[0]


def test_the_query_count_does_not_grow_with_the_files(tree, vocabulary, tmp_path):
    with CaptureQueriesContext(connection) as small:
        run(tree)
    for number in range(30):
        write(tree, {f"providers/inferencer/models/haiku-{number}.toml": ROUTE})
    with CaptureQueriesContext(connection) as large:
        run(tree)
    # The same reads; the writes are a bulk insert per kind.
    assert len(large) <= len(small)


def test_a_failure_midway_rolls_everything_back(tree, vocabulary, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(PriceRecord.objects, "bulk_create", boom)

    with pytest.raises(ImportFailed, match="disk on fire"):
        run(tree)

    assert not LanguageModel.objects.exists()
    assert not Offering.objects.exists()
    assert not Provider.objects.exists()
    assert not Lab.objects.exists()
    assert not ModelAlias.objects.exists()
    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED
    assert "rolled back" in failed.report


def test_a_dry_run_writes_nothing_but_reports_the_diff(tree, vocabulary):
    report = run(tree, dry_run=True)

    assert report.status == ImportRun.Status.DRY_RUN
    assert "+ created offering amazon-bedrock anthropic.claude-haiku-4-5-20251001-v1:0" in (
        report.report
    )
    assert report.counts["changes"] > 0
    assert not LanguageModel.objects.exists()
    assert not Offering.objects.exists()
    assert not ModelCapability.objects.exists()


def test_a_price_change_updates_and_adds_a_price_record(tree, vocabulary):
    run(tree)
    route = tree / "providers/amazon-bedrock/models/anthropic.claude-haiku-4-5-20251001-v1:0.toml"
    route.write_text(dedent(ROUTE).replace("input = 1.00", "input = 1.10"))
    (tree / "SOURCE.md").write_text(SOURCE_MD.replace("2026-07-02", "2026-07-09"))

    report = import_modelsdev(tree, today=TODAY + dt.timedelta(days=7))

    offering = Offering.objects.get(provider__slug="amazon-bedrock")
    assert offering.input_usd_per_mtok == Decimal("1.1")  # the import set it, nobody touched it
    assert offering.last_verified_on == dt.date(2026, 7, 9)
    latest = offering.price_history.latest()
    assert (latest.effective_on, latest.input_usd_per_mtok) == (
        dt.date(2026, 7, 9),
        Decimal("1.1"),
    )
    assert offering.price_history.count() == 2
    assert "input_usd_per_mtok '1' -> '1.1'" in report.report


def test_a_locked_field_is_kept(tree, vocabulary):
    run(tree)
    offering = Offering.objects.get(provider__slug="amazon-bedrock")
    offering.input_usd_per_mtok = Decimal("0.9")
    offering.locked_fields = ["input_usd_per_mtok"]
    offering.save()
    route = tree / "providers/amazon-bedrock/models/anthropic.claude-haiku-4-5-20251001-v1:0.toml"
    route.write_text(dedent(ROUTE).replace("input = 1.00", "input = 1.10"))

    report = run(tree)

    offering.refresh_from_db()
    assert offering.input_usd_per_mtok == Decimal("0.9")
    assert "input_usd_per_mtok: locked: '0.9' (models.dev says '1.1')" in report.report


def test_an_editors_edit_since_the_last_import_is_kept(tree, vocabulary):
    run(tree)
    haiku = LanguageModel.objects.get()
    haiku.knowledge_cutoff = "2025-02"  # an editor's correction
    haiku.save()
    offering = Offering.objects.get(provider__slug="google-vertex")
    offering.output_usd_per_mtok = Decimal("4.5")
    offering.save()

    report = run(tree)

    haiku.refresh_from_db()
    offering.refresh_from_db()
    assert haiku.knowledge_cutoff == "2025-02"
    assert offering.output_usd_per_mtok == Decimal("4.5")
    proposals = {
        (p.field, p.old_value, p.new_value, p.reason) for p in ProposedChange.objects.all()
    }
    assert proposals == {
        ("knowledge_cutoff", "2025-02", "2025-02-28", "an editor changed it"),
        ("output_usd_per_mtok", "4.5", "5", "an editor changed it"),
    }
    assert report.counts["proposed"] == 2
    assert run(tree).counts["changes"] == 0  # the same proposals are not made twice


def test_values_set_before_any_import_are_kept_and_blanks_filled(tree, vocabulary):
    anthropic = LabFactory(slug="anthropic", name="Anthropic")
    haiku = LanguageModelFactory(
        slug="claude-haiku-4-5", lab=anthropic, knowledge_cutoff="2025-02", max_output_tokens=None
    )
    bedrock = ProviderFactory(slug="amazon-bedrock", kind=Provider.Kind.CLOUD)
    OfferingFactory(
        model=haiku,
        provider=bedrock,
        provider_model_id="anthropic.claude-haiku-4-5-20251001-v1:0",
        input_usd_per_mtok=Decimal("1.00"),
        output_usd_per_mtok=Decimal("5.50"),
    )

    report = run(tree)

    haiku.refresh_from_db()
    assert haiku.knowledge_cutoff == "2025-02"  # curated before any import: kept
    assert haiku.max_output_tokens is None  # an unknown on a reviewed model: proposed only
    offering = Offering.objects.get(provider=bedrock)
    assert offering.output_usd_per_mtok == Decimal("5.50")
    assert offering.imported_values["input_usd_per_mtok"] == "1"  # agreed: remembered
    reasons = dict(ProposedChange.objects.filter(model=haiku).values_list("field", "reason"))
    assert reasons["knowledge_cutoff"] == "an editor changed it"
    assert reasons["max_output_tokens"] == "it fills an unknown on a reviewed row"
    assert ": max_output_tokens (empty) -> 64000 (it fills an unknown on a reviewed row)" in (
        report.report
    )


def test_unmatched_routes_become_draft_models_and_are_reported(tmp_path, vocabulary):
    LabFactory(slug="acme", name="Acme")
    root = write(
        tmp_path,
        {
            "providers/host/provider.toml": 'name = "Host"\n',
            "providers/host/models/acme/rocket-1.toml": 'name = "Rocket 1"\n[cost]\ninput = 2\n',
            "providers/other/provider.toml": 'name = "Other"\n',
            "providers/other/models/acme.rocket-1-v1:0.toml": 'name = "Rocket"\n',
            "providers/other/models/mystery-7b.toml": 'name = "Mystery"\n',
        },
    )
    (root / "models").mkdir()

    report = run(root)

    draft = LanguageModel.objects.get()
    assert (draft.slug, draft.lab.slug, draft.is_published) == ("rocket-1", "acme", False)
    assert draft.offerings.count() == 2
    assert "created draft model rocket-1 (acme)" in report.report
    assert "no model matched 'mystery-7b' and no lab is known: skipped." in report.report
    assert "Unmatched routes (2)" in report.report


def test_the_command_prints_the_dry_run_and_fails_cleanly(tree, vocabulary, capsys):
    call_command("import_modelsdev", str(tree), "--dry-run")
    out = capsys.readouterr().out
    assert "would change" in out
    assert "+ created language model claude-haiku-4-5" in out
    assert not Offering.objects.exists()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_modelsdev", str(tree / "nowhere"))
