"""Hostile or broken sources: one bad file or entry is skipped with a message naming it and
its field, in bounded time; slugs are made safe; the catalogue's rules hold for what lands."""

import json
import os
import stat
from decimal import Decimal
from textwrap import dedent

import pytest
from django.core.management import call_command

from catalog.importers.bundled import load_catalogue
from catalog.importers.checks import date_in_name
from catalog.importers.engine import ImportFailed
from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.openrouter import import_openrouter
from catalog.importers.parsing import slug_from
from catalog.models import (
    LanguageModel,
    Offering,
    ProposedChange,
    Provider,
    ReviewStatus,
    RouteKind,
)
from tests.catalog.test_export_roundtrip import flush_catalogue, read_dir
from tests.factories import (
    CapabilityFactory,
    LabFactory,
    LanguageModelFactory,
    LicenseFactory,
    ProprietaryLicenseFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
ROUTE = 'name = "Rocket 1"\n[cost]\ninput = 2\noutput = 8\n'
SOURCE_MD = "Taken from the public repository at commit f3fc692 (2026-07-02).\n"


def write(root, files: dict[str, str | bytes]):
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content))
    return root


@pytest.fixture
def acme(db):
    lab = LabFactory(slug="acme", name="Acme")
    return LanguageModelFactory(
        slug="rocket-1",
        lab=lab,
        name="Rocket 1",
        context_window_tokens=128_000,
        max_output_tokens=8_000,
        is_published=True,
    )


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "md"
    write(root, {"SOURCE.md": SOURCE_MD, "providers/host/provider.toml": 'name = "Host"\n'})
    (root / "models").mkdir()
    return root


def skipped(run) -> str:
    return run.report.split("Skipped", 1)[1] if "Skipped" in run.report else ""


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("wafer.ai", "wafer-ai"),
        ("My Host", "my-host"),
        ("Gëmini Höst", "gemini-host"),
        ("fast-vs-slow", "fast-v-s-slow"),
        ("a" * 300, "a" * 120),
        ("日本語", ""),
        ("a\x00b", ""),
    ],
)
def test_slugs_from_any_source_are_safe(name, slug):
    assert slug_from(name) == slug


def test_odd_provider_folders_become_slugs_or_are_skipped_by_name(tree, acme, client):
    write(
        tree,
        {
            "providers/wafer.ai/provider.toml": 'name = "Wafer"\n',
            "providers/wafer.ai/models/acme/rocket-1.toml": ROUTE,
            "providers/wafer_ai/provider.toml": 'name = "Wafer again"\n',
            "providers/日本/provider.toml": 'name = "Nihon"\n',
        },
    )

    run = import_modelsdev(tree)

    wafer = Provider.objects.get(slug="wafer-ai")
    assert (wafer.name, wafer.review_status) == ("Wafer", ReviewStatus.PENDING)
    assert wafer.get_absolute_url() == "/providers/wafer-ai/"
    assert "providers/wafer_ai: folder name: the same slug as providers/wafer.ai/" in run.report
    assert "providers/日本: folder name: no slug can be made of it (and its routes). Skipped." in (
        run.report
    )
    for path in ("/providers/", "/sitemap.xml", "/api/providers.json", "/models/rocket-1/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('name = "R"\n[cost]\ninput = nan\n', "cost.input: is nan, not a number."),
        ('name = "R"\n[cost]\noutput = inf\n', "cost.output: is inf, not a number."),
        ("a = " + "[" * 40 + "1" + "]" * 40 + "\n", "nests deeper than 12 levels."),
        (b'name = "R\x00"\n', "holds a NUL byte."),
        ('name = "' + "x" * 30_000 + '"\n', "name: is longer than 20,000 characters."),
        ("x = 1\n" * 200_000, "is larger than 1,000,000 bytes."),
        (b'name = "\xff"\n', "is not UTF-8 text."),
        ('name = "R"\n[cost]\ninput = "' + "9" * 5000 + 'x"\n', "cost.input: is not a number"),
    ],
)
def test_a_bad_route_file_is_skipped_naming_file_and_field(tree, acme, content, message):
    write(
        tree,
        {
            "providers/host/models/bad.toml": content,
            "providers/host/models/acme/rocket-1.toml": ROUTE,
        },
    )

    run = import_modelsdev(tree)

    line = next(line for line in skipped(run).splitlines() if "models/bad.toml" in line)
    assert line.startswith("  providers/host/models/bad.toml: ") and message in line
    assert max(map(len, run.report.splitlines())) <= 320  # long values are cut
    assert Offering.objects.get().provider_model_id == "acme/rocket-1"  # the rest imports


def test_links_fifos_devices_and_unreadable_files_are_skipped(tree, acme, tmp_path):
    outside = write(tmp_path / "outside", {"secret.toml": ROUTE, "dir/x.toml": ROUTE})
    routes = tree / "providers/host/models"
    write(routes, {"acme/rocket-1.toml": ROUTE})
    (routes / "escape.toml").symlink_to(outside / "secret.toml")
    (routes / "dangling.toml").symlink_to(routes / "gone.toml")
    os.mkfifo(routes / "pipe.toml")
    (tree / "providers/evil").symlink_to(outside / "dir")
    device = True
    try:
        os.mknod(routes / "device.toml", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        device = False

    run = import_modelsdev(tree)

    report = skipped(run)
    assert (
        "providers/host/models/escape.toml: is a link leading outside the source folder." in report
    )
    assert "providers/host/models/dangling.toml: not readable (FileNotFoundError)." in report
    assert (
        "providers/host/models/pipe.toml: is not a regular file (a FIFO, device or folder)."
        in report
    )
    assert "providers/evil: a folder link leading outside. Skipped." in report
    if device:
        assert "providers/host/models/device.toml: is not a regular file" in report
    assert list(Offering.objects.values_list("provider_model_id", flat=True)) == ["acme/rocket-1"]


def test_case_variant_route_ids_keep_the_first(tree, acme):
    write(
        tree,
        {
            "providers/host/models/acme/Rocket-1.toml": ROUTE,
            "providers/host/models/acme/rocket-1.toml": ROUTE.replace("8", "9"),
        },
    )
    run = import_modelsdev(tree)
    assert "a second file for the route 'acme/rocket-1' (ids meet case-insensitively)" in run.report
    assert Offering.objects.count() == 1


def test_an_unreadable_root_aborts_and_changes_nothing(tmp_path, acme):
    before = LanguageModel.objects.count()
    with pytest.raises(ImportFailed, match=r"not a models\.dev checkout"):
        import_modelsdev(tmp_path / "nowhere")
    with pytest.raises(ImportFailed, match="not a readable JSON file"):
        import_openrouter(tmp_path / "nowhere.json")
    assert LanguageModel.objects.count() == before and not Offering.objects.exists()


def openrouter_file(tmp_path, *entries, raw: str = ""):
    path = tmp_path / "models.json"
    path.write_text(raw or json.dumps({"data": list(entries)}))
    return path


def router_entry(model_id: str, prompt="0.000002", completion="0.000008", **extra):
    return {
        "id": model_id,
        "name": model_id,
        "pricing": {"prompt": prompt, "completion": completion},
        **extra,
    }


def test_bad_openrouter_entries_are_skipped_naming_entry_and_field(tmp_path, acme):
    ProviderFactory(slug="openrouter", name="OpenRouter", kind=RouteKind.AGGREGATOR)
    entries = [
        json.dumps(router_entry("acme/rocket-1")),
        json.dumps(router_entry("acme/Rocket-1")),
        json.dumps({"id": "acme/x\u0000"}),
        '{"id": "acme/nan", "pricing": {"prompt": NaN, "completion": "1"}}',
        json.dumps({"id": "acme/deep", "a": json.loads("[" * 30 + "]" * 30)}),
    ]

    run = import_openrouter(openrouter_file(tmp_path, raw='{"data": [' + ", ".join(entries) + "]}"))

    report = skipped(run)
    assert "models.json: data[1] (acme/Rocket-1): id: 'acme/Rocket-1' is listed twice" in report
    assert "data[2] (acme/x\\x00): id: holds a NUL byte." in report
    assert "data[3] (acme/nan): pricing.prompt: is nan, not a number." in report
    assert "data[4] (acme/deep): a" in report and "nests deeper than 12 levels." in report
    assert Offering.objects.get().provider_model_id == "acme/rocket-1"


def test_tiny_prices_keep_their_precision_and_zero_is_a_price_only_on_free_routes(tmp_path, acme):
    ProviderFactory(slug="openrouter", name="OpenRouter", kind=RouteKind.AGGREGATOR)
    path = openrouter_file(
        tmp_path,
        router_entry("acme/rocket-1", prompt="0.0000000000000001", completion="0.0000000000000003"),
        router_entry("acme/rocket-1:free", prompt="0", completion="0"),
        router_entry("acme/rocket-1-beta", prompt="0", completion="0"),
        router_entry("acme/rocket-1-nano", prompt="1e-30", completion="0"),
    )

    run = import_openrouter(path)

    tiny = Offering.objects.get(provider_model_id="acme/rocket-1")
    assert (tiny.input_usd_per_mtok, tiny.output_usd_per_mtok) == (
        Decimal("0.0000000001"),
        Decimal("0.0000000003"),
    )
    free = Offering.objects.get(provider_model_id="acme/rocket-1:free")
    assert (free.kind, free.input_usd_per_mtok, free.output_usd_per_mtok) == ("free-tier", 0, 0)
    beta = Offering.objects.get(provider_model_id="acme/rocket-1-beta")
    assert (beta.input_usd_per_mtok, beta.output_usd_per_mtok) == (None, None)  # unknown, not $0
    assert "pricing.prompt: is too small for the catalogue's precision: '1e-30'" in skipped(run)


def test_provider_kinds_of_plans_free_tiers_and_local_runs(tree, acme):
    for slug in ("zai-coding-plan", "github-models", "lmstudio", "github-copilot"):
        write(
            tree,
            {
                f"providers/{slug}/provider.toml": f'name = "{slug}"\n',
                f"providers/{slug}/models/acme/rocket-1.toml": ROUTE.replace("2", "0").replace(
                    "8", "0"
                ),
            },
        )
    write(
        tree,
        {
            "providers/host/models/acme/rocket-1-free.toml": ROUTE.replace("2", "0").replace(
                "8", "0"
            )
        },
    )

    import_modelsdev(tree)

    kinds = dict(Provider.objects.values_list("slug", "kind"))
    assert (kinds["zai-coding-plan"], kinds["github-copilot"]) == ("subscription", "subscription")
    assert (kinds["github-models"], kinds["lmstudio"], kinds["host"]) == (
        "free-tier",
        "local",
        "inference-host",
    )
    prices = {
        o.provider.slug + ":" + o.provider_model_id: (o.route_kind, o.input_usd_per_mtok)
        for o in Offering.objects.select_related("provider")
    }
    assert prices["github-models:acme/rocket-1"] == ("free-tier", 0)  # documented free
    assert prices["zai-coding-plan:acme/rocket-1"] == ("subscription", None)  # no per-token price
    assert prices["lmstudio:acme/rocket-1"] == ("local", None)
    assert prices["host:acme/rocket-1-free"] == ("free-tier", 0)


MODEL = """
    name = "{name}"
    release_date = "{release}"
    attachment = true
    [limit]
    context = {context}
    output = {output}
    [modalities]
    input = ["text"]
    output = ["text"]
"""


def test_facts_that_make_no_sense_go_to_review_with_the_reason(tree, db):
    lab = LabFactory(slug="mistral", name="Mistral")
    for slug in ("vision", "multimodal-input"):
        CapabilityFactory(slug=slug, name=slug)
    codestral = LanguageModelFactory(
        slug="codestral-2508",
        name="Codestral 25.08",
        lab=lab,
        release_date=None,
        context_window_tokens=None,
        max_output_tokens=None,
        is_published=True,
    )
    write(
        tree,
        {
            "models/mistral/codestral-2508.toml": MODEL.format(
                name="Codestral 25.08", release="2024-05-29", context=256000, output=256000
            ),
        },
    )

    run = import_modelsdev(tree)

    codestral.refresh_from_db()
    assert (codestral.release_date, codestral.max_output_tokens) == (None, None)
    reasons = dict(ProposedChange.objects.filter(model=codestral).values_list("field", "reason"))
    assert reasons["release_date"] == (
        "implausible date: released 2024-05-29, but the model's name carries 2025-08"
    )
    assert reasons["max_output_tokens"] == (
        "max output not below the context: max output 256,000 tokens, context 256,000 tokens"
    )
    assert reasons["capabilities.multimodal-input"].startswith("capability contradicts modalities")
    assert "held for review: implausible date (1x)" in run.report


def test_names_carry_dates():
    assert date_in_name("Codestral 25.08").isoformat() == "2025-08-01"
    assert date_in_name("claude-3-5-sonnet-20241022").isoformat() == "2024-10-22"
    assert date_in_name("qwen3-235b-a22b-2507").isoformat() == "2025-07-01"
    assert date_in_name("qwen2.5-72b", "llama-3.3-70b", "gpt-4-0613") is None


def test_export_load_export_is_byte_identical_after_both_importers(tmp_path, tree, db):
    LabFactory(slug="acme", name="Acme")
    ProviderFactory(slug="openrouter", name="OpenRouter", kind=RouteKind.AGGREGATOR)
    write(
        tree,
        {
            "models/acme/rocket-2.toml": MODEL.format(
                name="Rocket 2", release="2026-03-01", context=200000, output=32000
            ),
            "providers/host/models/acme/rocket-1.toml": ROUTE,
            "providers/host/models/acme/rocket-2.toml": ROUTE,
            "providers/host/models/acme/rocket-2:free.toml": ROUTE.replace("2", "0").replace(
                "8", "0"
            ),
        },
    )
    import_modelsdev(tree)
    import_openrouter(
        openrouter_file(tmp_path, router_entry("acme/rocket-1"), router_entry("acme/rocket-9"))
    )
    first, second = tmp_path / "a", tmp_path / "b"
    call_command("export_catalogue", str(first), verbosity=0)
    ProposedChange.objects.all().delete()
    flush_catalogue()

    load_catalogue(first)
    call_command("export_catalogue", str(second), verbosity=0)

    a, b = read_dir(first), read_dir(second)
    assert sorted(a) == sorted(b)
    assert {name: b[name] for name in a if a[name] != b[name]} == {}
    assert (
        "rocket-9" in a["acme.json"].decode()
        and '"review_status": "pending"' in a["acme.json"].decode()
    )


def test_a_proposed_license_names_licenses_by_slug(tree, db):
    ProprietaryLicenseFactory()
    model = LanguageModelFactory(
        slug="rocket-2", lab=LabFactory(slug="acme"), license=LicenseFactory(), is_published=True
    )
    write(tree, {"models/acme/rocket-2.toml": 'name = "Rocket 2"\nopen_weights = false\n'})

    import_modelsdev(tree)

    change = ProposedChange.objects.get(model=model, field="license")
    assert (change.old_value, change.new_value, change.reason) == (
        "apache-2-0",
        "proprietary",
        "an editor changed it",
    )
    assert change.source == "models.dev snapshot of 2026-07-02: models/acme/rocket-2.toml"
    assert change.source_date.isoformat() == "2026-07-02"
    assert change.import_run is not None
