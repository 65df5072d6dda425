"""The admin's "Import data" page: choose a source, see the dry run, confirm.

An uploaded file is kept between the preview and the confirmation in a private temporary
folder, under a random token that only the uploader's session knows.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings

from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.openrouter import import_openrouter
from catalog.models import ImportRun

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SESSION_KEY = "catalog_import_uploads"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "modelref-imports"
IMPORTERS = {
    ImportRun.Source.MODELS_DEV: import_modelsdev,
    ImportRun.Source.OPENROUTER: import_openrouter,
}


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        choices=[
            (ImportRun.Source.MODELS_DEV, "models.dev checkout on the server"),
            (ImportRun.Source.OPENROUTER, "OpenRouter models.json (upload)"),
        ],
        widget=forms.RadioSelect,
        initial=ImportRun.Source.MODELS_DEV,
    )
    file = forms.FileField(
        required=False,
        label="OpenRouter models.json",
        help_text="Needed for an OpenRouter import; at most 20 MB.",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("source") == ImportRun.Source.OPENROUTER:
            if upload is None:
                self.add_error("file", "Choose the models.json file to import.")
            elif upload.size > MAX_UPLOAD_BYTES:
                self.add_error("file", "The file is larger than 20 MB.")
        return data


def modelsdev_path() -> Path:
    return Path(settings.MODELSDEV_PATH)


def keep_upload(request, upload) -> str:
    """Store an uploaded file under a new token remembered in the session."""
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    token = secrets.token_urlsafe(16)
    with (UPLOAD_DIR / f"{token}.json").open("wb") as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = upload.name[:100]
    request.session[SESSION_KEY] = uploads
    return token


def kept_upload(request, token: str) -> Path | None:
    """The file stored under ``token`` if this session uploaded it."""
    if token not in request.session.get(SESSION_KEY, {}):
        return None
    path = UPLOAD_DIR / f"{token}.json"
    return path if path.is_file() else None


def forget_upload(request, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    (UPLOAD_DIR / f"{token}.json").unlink(missing_ok=True)
