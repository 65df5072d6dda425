"""The stored search columns: refreshed when a transaction commits, in one statement."""

import pytest

from catalog.models import LanguageModel
from catalog.version import bump_catalogue_version, current_version
from tests.factories import (
    LabFactory,
    LanguageModelFactory,
    ModelAliasFactory,
    OfferingFactory,
)

pytestmark = pytest.mark.django_db


def columns(slug: str) -> tuple:
    return LanguageModel.objects.values_list("search_name", "search_slug", "search_keys").get(
        slug=slug
    )


def test_a_commit_refreshes_the_models_it_touched_before_the_bump(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        model = LanguageModelFactory(slug="qwen3-5-4b", name="Qwen3.5-4B")
        ModelAliasFactory(model=model, identifier="Qwen/Qwen3.5-4B-Instruct")
        OfferingFactory(model=model, provider_model_id="qwen3.5:4b")
        OfferingFactory(model=model, provider_model_id="old/route", status="retired")
    assert columns("qwen3-5-4b") == (
        "qwen 3 5 4 b",
        "qwen 3 5 4 b",
        ["qwen qwen 3 5 4 b instruct", "qwen 3 5 4 b"],  # aliases, then live routes only
    )
    version = current_version().number
    with django_capture_on_commit_callbacks(execute=True):
        model.name = "Qwen 3.5 Small"
        model.save()
    assert columns("qwen3-5-4b")[0] == "qwen 3 5 small"
    assert current_version().number == version + 1


def test_a_lab_rename_refreshes_its_models_and_nothing_happens_before_commit(
    django_capture_on_commit_callbacks,
):
    lab = LabFactory(slug="acme", name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        LanguageModelFactory(slug="widget", name="Widget", lab=lab)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lab.name = "Zenith Labs"
        lab.save()
        assert "zenith" not in LanguageModel.objects.get(slug="widget").search_document
    callbacks[0]()
    assert "zenith" in LanguageModel.objects.get(slug="widget").search_document


def test_a_bulk_bump_refreshes_every_model_in_the_transaction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        LanguageModelFactory(slug="gizmo", name="Gizmo")
    LanguageModel.objects.filter(slug="gizmo").update(name="Gadget")  # no signal
    bump_catalogue_version()
    assert columns("gizmo")[0] == "gadget"
