"""Model identity in the importers (catalog.importers.identity): an id names a model only when
it names exactly one, and a dated snapshot meets its undated base only while the base has
at most one snapshot date."""

import pytest

from catalog.importers.identity import ModelIndex
from catalog.importers.modelsdev import import_modelsdev
from catalog.models import LanguageModel, Offering
from tests.catalog.test_import_hostile import ROUTE, SOURCE_MD, write
from tests.factories import LabFactory, LanguageModelFactory, ModelAliasFactory


def index_of(**ids_by_slug: list[str]) -> tuple[ModelIndex, dict[str, LanguageModel]]:
    index, models = ModelIndex({"anthropic", "acme"}), {}
    for slug, identifiers in ids_by_slug.items():
        models[slug] = LanguageModel(slug=slug.replace("_", "-"), name=slug)
        for identifier in identifiers:
            index.add(identifier, models[slug])
    return index, models


def test_an_id_two_models_are_known_by_names_neither():
    index, models = index_of(alpha=["acme/rocket-7b"], beta=["host/rocket-7b"])
    assert index.find("rocket-7b") == (None, "ambiguous: alpha, beta")
    assert index.find("acme/rocket-7b") == (models["alpha"], "id")  # an exact id still does
    one, only = index_of(alpha=["acme/rocket-7b"])
    assert one.find("rocket-7b") == (only["alpha"], "normalised id")


def test_a_dated_id_meets_its_undated_base_only_while_the_base_has_one_snapshot_date():
    index, models = index_of(sonnet=["claude-3-5-sonnet"])
    dated = "anthropic.claude-3-5-sonnet-20241022-v2:0"
    assert index.find(dated) == (models["sonnet"], "undated id")
    index.seen("claude-3-5-sonnet-20241022")  # one date: still the same model
    assert index.find(dated) == (models["sonnet"], "undated id")
    index.seen("claude-3-5-sonnet-20240620")  # two dates: the base names neither
    assert index.find(dated) == (
        None,
        "ambiguous: claude-3-5-sonnet has several snapshots (20240620, 20241022)",
    )


def test_an_exact_or_normalised_dated_id_still_matches_when_the_base_is_ambiguous():
    index, models = index_of(
        june=["claude-3-5-sonnet-20240620"], october=["claude-3-5-sonnet-20241022"]
    )
    assert index.find("claude-3-5-sonnet-20241022") == (models["october"], "id")
    assert index.find("anthropic.claude-3-5-sonnet-20240620-v1:0") == (
        models["june"],
        "normalised id",
    )
    assert index.find("claude-3-5-sonnet")[0] is None


@pytest.mark.django_db
def test_an_import_attaches_a_route_two_models_could_own_to_neither(tmp_path):
    lab = LabFactory(slug="acme", name="Acme")
    alpha = LanguageModelFactory(slug="alpha", lab=lab)
    beta = LanguageModelFactory(slug="beta", lab=lab)
    ModelAliasFactory(model=alpha, identifier="acme/rocket-7b")
    ModelAliasFactory(model=beta, identifier="other/rocket-7b")
    tree = write(
        tmp_path / "md",
        {
            "SOURCE.md": SOURCE_MD,
            "providers/host/provider.toml": 'name = "Host"\n',
            "providers/host/models/rocket-7b.toml": ROUTE,
        },
    )
    (tree / "models").mkdir()

    run = import_modelsdev(tree)

    assert "no model matched 'rocket-7b' (ambiguous: alpha, beta)" in run.report
    assert not Offering.objects.filter(model__in=[alpha, beta]).exists()
