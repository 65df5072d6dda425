"""Reading a source's files safely: bounded in size, time and depth, never outside the root.

Anything wrong with one file raises FileProblem naming the file's problem (and, for a value,
its field path); the importer reports it and skips that file.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from catalog.importers.parsing import FileProblem

MAX_FILE_BYTES = 1_000_000  # one TOML file of a route or model
MAX_DOCUMENT_BYTES = 200_000_000  # one models.json
MAX_STRING = 20_000  # characters in any one value
MAX_DEPTH = 12  # tables or lists nested in one another
MAX_ITEMS = 100_000  # keys or items in one table or list


def inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def read_bytes(path: Path, root: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, if it lies (after links) inside ``root`` and is not too big."""
    try:
        if not inside(path, root):
            raise FileProblem("", "is a link leading outside the source folder.")
        target = path.resolve()
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
    except FileProblem:
        raise
    except (OSError, RuntimeError) as error:
        raise FileProblem("", f"not readable ({error.__class__.__name__}).") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("", "is not a regular file (a FIFO, device or folder).")
        if info.st_size > limit:
            raise FileProblem("", f"is larger than {limit:,} bytes.")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise FileProblem("", f"not readable ({error.__class__.__name__}).") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileProblem("", f"is larger than {limit:,} bytes.")
    return data


def read_text(path: Path, root: Path, *, limit: int = MAX_FILE_BYTES) -> str:
    try:
        text = read_bytes(path, root, limit=limit).decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem("", "is not UTF-8 text.") from None
    if "\x00" in text:
        raise FileProblem("", "holds a NUL byte.")
    return text


def parse_toml(text: str) -> dict:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise FileProblem("", f"nests deeper than {MAX_DEPTH} levels.") from None
    check_values(data)
    return data


def parse_json(data: bytes) -> Any:
    """A JSON document; its entries are checked one by one (``check_values``) by the caller,
    so one bad entry skips only that entry."""
    try:
        return json.loads(data)
    except RecursionError:
        raise FileProblem("", "nests too deeply to read.") from None


def check_values(value: Any, path: str = "", depth: int = 0) -> None:
    """Refuse NaN and infinities, NUL bytes, huge strings and deep nesting anywhere."""
    where = path or "(top level)"
    if depth > MAX_DEPTH:
        raise FileProblem(where, f"nests deeper than {MAX_DEPTH} levels.")
    if isinstance(value, float) and not math.isfinite(value):
        raise FileProblem(where, f"is {value}, not a number.")
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise FileProblem(where, f"is longer than {MAX_STRING:,} characters.")
        if "\x00" in value:
            raise FileProblem(where, "holds a NUL byte.")
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise FileProblem(where, f"has more than {MAX_ITEMS:,} keys.")
        for key, item in value.items():
            check_values(str(key), f"{path}.{key}" if path else str(key), depth + 1)
            check_values(item, f"{path}.{key}"[:200] if path else str(key)[:200], depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS and depth > 0:
            raise FileProblem(where, f"has more than {MAX_ITEMS:,} items.")
        for number, item in enumerate(value):
            check_values(item, f"{path}[{number}]", depth + 1)


def subfolders(folder: Path, root: Path, report_skip) -> list[Path]:
    """The folders inside ``folder`` (sorted), skipping hidden ones and links leading out."""
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        report_skip(folder.relative_to(root).as_posix(), f"not readable ({error}).")
        return []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and not inside(entry, root):
            report_skip(entry.relative_to(root).as_posix(), "a folder link leading outside.")
            continue
        if entry.is_dir():
            found.append(entry)
    return found
