"""The admin's "Import data" page: choose a source, see the dry run (``preview_import``),
confirm (``apply_import``).

An uploaded file is kept between the preview and the confirmation in a private temporary
folder (``<token>/<its own name>``), under a random token that only the uploader's session
knows, for UPLOAD_MAX_AGE at most: expired uploads are deleted on the next upload and by
``manage.py purge_import_uploads`` (run it from cron). Messages name the uploaded file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from catalog.importers.engine import ImportFailed
from catalog.importers.modelsdev import import_modelsdev
from catalog.importers.openrouter import import_openrouter
from catalog.models import ImportRun
from catalog.text import strings_with_control_characters

SESSION_KEY = "catalog_import_uploads"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "modelref-imports"
UPLOAD_MAX_AGE = dt.timedelta(hours=1)  # between the preview and the confirmation
TOKEN = re.compile(r"[-_A-Za-z0-9]{16,64}")
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
        help_text=(
            f"Needed for an OpenRouter import; at most "
            f"{filesizeformat(settings.IMPORT_UPLOAD_MAX_BYTES)}."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("source") == ImportRun.Source.OPENROUTER:
            upload = data.get("file")
            if upload is None:
                self.add_error("file", "Choose the models.json file to import.")
            elif problem := upload_problem(upload):
                self.add_error("file", problem)
        return data


def upload_problem(upload) -> str:
    """Why ``upload`` cannot be imported (naming it), or "" if it can be tried."""
    name = f"“{upload.name}”"
    if upload.size > settings.IMPORT_UPLOAD_MAX_BYTES:
        limit = filesizeformat(settings.IMPORT_UPLOAD_MAX_BYTES)
        return f"{name} is larger than {limit}."
    try:
        data = json.loads(b"".join(upload.chunks()).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"{name} is not a readable JSON file ({error})."
    finally:
        upload.seek(0)
    if found := strings_with_control_characters(data):
        shown = "; ".join(found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
        return f"{name} holds invisible control characters, which cannot be imported: {shown}."
    return ""


def modelsdev_path() -> Path:
    return Path(settings.MODELSDEV_PATH)


def keep_upload(request, upload) -> str:
    """Store an uploaded file under a new token remembered in the session; delete expired
    uploads first."""
    purge_expired_uploads()
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    token = secrets.token_urlsafe(16)
    folder = UPLOAD_DIR / token
    folder.mkdir(mode=0o700)
    with (folder / upload_file_name(upload.name)).open("wb") as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = upload.name[:100]
    request.session[SESSION_KEY] = uploads
    return token


def upload_file_name(name: str) -> str:
    """The upload's own file name, made safe for the disk ("models.json" stays as is)."""
    safe = re.sub(r"[^-_.A-Za-z0-9]", "_", Path(name).name).lstrip(".")[:100]
    return safe or "upload.json"


def kept_upload(request, token: str) -> Path | None:
    """The file stored under ``token`` if this session uploaded it and it has not expired."""
    if not TOKEN.fullmatch(token) or token not in request.session.get(SESSION_KEY, {}):
        return None
    folder = UPLOAD_DIR / token
    if expired(folder):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    return files[0] if files else None


def uploaded_name(request, token: str) -> str | None:
    """The name of the file the editor uploaded under ``token`` (None if not theirs)."""
    return request.session.get(SESSION_KEY, {}).get(token)


def forget_upload(request, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if TOKEN.fullmatch(token):
        shutil.rmtree(UPLOAD_DIR / token, ignore_errors=True)


def expired(path: Path, now: float | None = None) -> bool:
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return True
    return age > UPLOAD_MAX_AGE.total_seconds()


def purge_expired_uploads(now: float | None = None) -> int:
    """Delete every kept upload older than UPLOAD_MAX_AGE; how many were deleted."""
    if not UPLOAD_DIR.is_dir():
        return 0
    purged = 0
    for path in UPLOAD_DIR.iterdir():
        if expired(path, now):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            purged += 1
    return purged


# The page's two steps --------------------------------------------------------------------
def naming_the_upload(message: str, where, upload) -> str:
    """An importer's message about the kept file, naming the file the editor uploaded."""
    if upload is None or where is None:
        return message
    return message.replace(str(where), f"“{getattr(upload, 'name', upload)}”")


def preview_import(request, form: ImportForm) -> tuple[ImportRun | None, str]:
    """The dry run of a valid form's source and the token of the kept upload; on an invalid
    form or a failed run, (None, "") with the problem added to the form."""
    if not form.is_valid():
        return None, ""
    source = form.cleaned_data["source"]
    token = ""
    if source == ImportRun.Source.OPENROUTER:
        token = keep_upload(request, form.cleaned_data["file"])
    where = kept_upload(request, token) if token else modelsdev_path()
    try:
        return IMPORTERS[source](where, dry_run=True, user=request.user), token
    except ImportFailed as error:
        message = naming_the_upload(str(error), where, form.cleaned_data["file"])
        if token:
            forget_upload(request, token)
        form.add_error("file" if token else None, message)
        return None, ""


def import_page(request) -> dict:
    """The "Import data" page: the form, and on a POST the dry run of its source with the
    token of its kept upload."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    preview, token = preview_import(request, form) if form.is_bound else (None, "")
    return {
        "title": "Import data",
        "form": form,
        "preview": preview,
        "token": token,
        "modelsdev_path": modelsdev_path(),
    }


def apply_import(request) -> tuple[ImportRun | None, str]:
    """Run the import the preview showed (POST ``source`` and ``token``) for real, and
    forget its upload: the run, or None and why nothing was imported."""
    source, token = request.POST.get("source"), request.POST.get("token", "")
    where = kept_upload(request, token) if token else None
    if source == ImportRun.Source.MODELS_DEV:
        where = modelsdev_path()
    if source not in IMPORTERS or where is None:
        return None, "Nothing to import: upload the file again."
    try:
        return IMPORTERS[source](where, user=request.user), ""
    except ImportFailed as error:
        return None, naming_the_upload(str(error), where, uploaded_name(request, token))
    finally:
        if token:
            forget_upload(request, token)


def import_summary(run: ImportRun) -> str:
    return (
        f"Imported: {run.counts['changes']} change(s), {run.counts['kept']} editor's "
        f"edit(s) kept, {run.counts['skipped']} skipped."
    )
