"""The admin's "Import data" page and the import bookkeeping on change forms."""

import io
import json
import os
import time
from textwrap import dedent

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from catalog.models import ImportRun, Offering, Provider
from tests.factories import (
    ImportRunFactory,
    LanguageModelFactory,
    OfferingFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:catalog_importrun_import")


def models_json(price="0.000001") -> SimpleUploadedFile:
    data = {
        "data": [
            {
                "id": "acme/rocket-1",
                "name": "Acme: Rocket 1",
                "pricing": {"prompt": price, "completion": "0.000002"},
            }
        ]
    }
    return SimpleUploadedFile("models.json", json.dumps(data).encode(), "application/json")


@pytest.fixture
def rocket(db):
    ProviderFactory(slug="openrouter", name="OpenRouter", kind=Provider.Kind.AGGREGATOR)
    return LanguageModelFactory(slug="rocket-1", name="Rocket 1")


def test_the_page_loads_for_an_editor(editor_client):
    response = editor_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert b"Show what would change" in response.content
    assert b"models.dev checkout" in response.content


def test_staff_without_catalogue_permissions_are_refused(client):
    client.force_login(UserFactory(username="intern"))

    assert client.get(IMPORT_URL).status_code == 403


def test_an_upload_shows_the_dry_run_and_writes_nothing(editor_client, rocket):
    response = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dry run" in content
    assert "+ created offering openrouter acme/rocket-1" in content
    assert "Apply this import" in content
    assert not Offering.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.DRY_RUN


def test_confirming_applies_the_uploaded_file(editor_client, editor, rocket):
    preview = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    token = preview.context["token"]

    response = editor_client.post(
        IMPORT_URL, {"source": "openrouter", "token": token, "confirm": "Apply"}
    )

    run = ImportRun.objects.get(status=ImportRun.Status.APPLIED)
    assert response.status_code == 302
    assert response.url == reverse("admin:catalog_importrun_change", args=[run.pk])
    assert run.user == editor
    offering = Offering.objects.get()
    assert (offering.model, offering.input_usd_per_mtok) == (rocket, 1)
    # The token is spent: confirming twice imports nothing more.
    again = editor_client.post(
        IMPORT_URL, {"source": "openrouter", "token": token, "confirm": "Apply"}, follow=True
    )
    assert "upload the file again" in again.content.decode()
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).count() == 1


def test_another_sessions_token_is_refused(editor_client, client, rocket):
    preview = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    other = UserFactory(username="other-editor")
    other.groups.set(preview.context["user"].groups.all())
    client.force_login(other)

    client.post(
        IMPORT_URL, {"source": "openrouter", "token": preview.context["token"], "confirm": "1"}
    )

    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("models.json", b"{nope", "application/json"), "not a readable JSON"),
        (SimpleUploadedFile("models.json", b'{"x": 1}', "application/json"), "a “data” list"),
        (None, "Choose the models.json file"),
    ],
)
def test_a_bad_upload_gives_a_clear_message(editor_client, rocket, upload, message):
    data = {"source": "openrouter"} | ({"file": upload} if upload else {})

    response = editor_client.post(IMPORT_URL, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Offering.objects.exists()


def test_the_models_dev_source_previews_then_applies(editor_client, settings, tmp_path):
    root = tmp_path / "models.dev"
    for rel, text in {
        "models/acme/rocket-1.toml": 'name = "Rocket 1"\n',
        "providers/host/provider.toml": 'name = "Host"\n',
        "providers/host/models/rocket-1.toml": 'base_model = "acme/rocket-1"\n[cost]\ninput = 2\n',
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(dedent(text))
    settings.MODELSDEV_PATH = root

    preview = editor_client.post(IMPORT_URL, {"source": "models.dev"})
    assert "+ created offering host rocket-1" in preview.content.decode()
    assert not Offering.objects.exists()

    editor_client.post(IMPORT_URL, {"source": "models.dev", "token": "", "confirm": "1"})
    assert Offering.objects.get().input_usd_per_mtok == 2


def test_import_runs_are_listed_and_shown_read_only(editor_client, rocket):
    editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    run = ImportRun.objects.get()

    listing = editor_client.get(reverse("admin:catalog_importrun_changelist"))
    page = editor_client.get(reverse("admin:catalog_importrun_change", args=[run.pk]))

    assert listing.status_code == 200
    assert IMPORT_URL in listing.content.decode()
    assert page.status_code == 200
    assert "+ created offering openrouter acme/rocket-1" in page.content.decode()
    assert b'name="report"' not in page.content  # read-only


def test_change_forms_show_the_importers_fieldset(editor_client):
    offering = OfferingFactory(import_source="models.dev providers/x/models/y.toml")

    model_page = editor_client.get(
        reverse("admin:catalog_languagemodel_change", args=[offering.model.pk])
    )
    offering_page = editor_client.get(reverse("admin:catalog_offering_change", args=[offering.pk]))

    for page in (model_page, offering_page):
        assert page.status_code == 200
        assert b"Importers" in page.content
        assert b'name="locked_fields"' in page.content
    assert b"models.dev providers/x/models/y.toml" in offering_page.content


def test_an_editor_can_lock_a_field(editor_client):
    offering = OfferingFactory()
    url = reverse("admin:catalog_offering_change", args=[offering.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data |= {
        "model": offering.model.pk,
        "provider": offering.provider.pk,
        "locked_fields": "input_usd_per_mtok,output_usd_per_mtok",
        "price_history-TOTAL_FORMS": "0",
        "price_history-INITIAL_FORMS": "0",
    }

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    offering.refresh_from_db()
    assert offering.locked_fields == ["input_usd_per_mtok", "output_usd_per_mtok"]


def test_import_run_admin_pages_are_read_only(editor_client):
    run = ImportRunFactory()

    for view, args in (("changelist", []), ("change", [run.pk]), ("history", [run.pk])):
        response = editor_client.get(reverse(f"admin:catalog_importrun_{view}", args=args))
        assert response.status_code == 200
    assert editor_client.get(reverse("admin:catalog_importrun_add")).status_code == 403


# Kept uploads: they expire, and messages name the uploaded file ---------------------------


@pytest.fixture
def upload_dir(tmp_path, monkeypatch):
    folder = tmp_path / "modelref-imports"
    monkeypatch.setattr("catalog.importers.forms.UPLOAD_DIR", folder)
    return folder


def age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_a_previewed_upload_is_kept_under_its_own_name(editor_client, rocket, upload_dir):
    preview = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    token = preview.context["token"]
    assert [p.name for p in (upload_dir / token).iterdir()] == ["models.json"]
    assert "import of " in preview.content.decode() and "/models.json" in preview.content.decode()


def test_the_next_upload_deletes_expired_ones(editor_client, rocket, upload_dir):
    first = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    old_token = first.context["token"]
    age(upload_dir / old_token, hours=1.1)
    fresh = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    assert not (upload_dir / old_token).exists()
    assert (upload_dir / fresh.context["token"]).is_dir()


def test_an_expired_upload_cannot_be_confirmed(editor_client, rocket, upload_dir):
    preview = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    token = preview.context["token"]
    age(upload_dir / token, hours=2)

    response = editor_client.post(
        IMPORT_URL, {"source": "openrouter", "token": token, "confirm": "1"}, follow=True
    )

    assert "Nothing to import: upload the file again." in response.content.decode()
    assert not Offering.objects.exists()
    assert not (upload_dir / token).exists()


def test_the_purge_command_deletes_only_expired_uploads(editor_client, rocket, upload_dir):
    tokens = [
        editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()}).context[
            "token"
        ]
        for _ in range(2)
    ]
    age(upload_dir / tokens[0], hours=1.5)
    out = io.StringIO()
    call_command("purge_import_uploads", stdout=out)
    assert "Deleted 1 expired import upload(s)" in out.getvalue()
    assert not (upload_dir / tokens[0]).exists() and (upload_dir / tokens[1]).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{nope", "“rocket-prices.json” is not a readable JSON file"),
        (b"\xff\xfe", "“rocket-prices.json” is not a readable JSON file"),
        (
            b'{"data": [{"id": "acme/rocket-1", "name": "Rocket\\u000b 1"}]}',
            "“rocket-prices.json” holds invisible control characters, which cannot be "
            "imported: data[0].name: U+000B",
        ),
        (
            b'{"data": [{"id": "acme/rocket-1\\u0000"}]}',
            "data[0].id: U+0000",
        ),
    ],
)
def test_a_refused_upload_is_named_and_not_kept(
    editor_client, rocket, upload_dir, content, message
):
    upload = SimpleUploadedFile("rocket-prices.json", content, "application/json")

    response = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": upload})

    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "modelref-imports" not in text
    assert not upload_dir.exists() or not any(upload_dir.iterdir())
    assert not ImportRun.objects.exists()


def test_an_importer_error_names_the_upload_not_the_kept_file(editor_client, rocket, upload_dir):
    upload = SimpleUploadedFile("rocket-prices.json", b'{"x": 1}', "application/json")

    response = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": upload})

    text = response.content.decode()
    assert "a “data” list" in text
    assert str(upload_dir) not in text


def test_an_upload_over_the_limit_is_refused_by_size(editor_client, rocket, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 10
    response = editor_client.post(IMPORT_URL, {"source": "openrouter", "file": models_json()})
    assert "“models.json” is larger than 10\xa0bytes." in response.content.decode()
