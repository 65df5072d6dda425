"""What an import did: the report (also stored on its ImportRun) and a terminal progress line."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from catalog.importers.bookkeeping import EMPTY
from catalog.importers.parsing import FileProblem

LINE_LIMIT = 300  # a report line longer than this is cut: sources may hold huge values


def cut(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, NUL bytes shown as \\x00 (a database text
    column cannot hold them)."""
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: Any, limit: int = 80) -> str:
    """A value as the report prints it, long values cut to ``limit`` characters."""
    if value in EMPTY:
        return "(empty)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class ImportReport:
    title: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)

    @property
    def change_count(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def skip(self, where: str, problem: FileProblem | str) -> None:
        self.skipped.append(cut(f"{cut(where, 200)}: {problem}") + " Skipped.")

    def counts(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "changes": self.change_count,
            "kept": len(self.kept),
            "skipped": len(self.skipped),
            "unmatched": len(self.unmatched),
            "proposed": len(self.proposed),
        }

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"  {kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        changes = f"{self.change_count} change(s)" if self.change_count else "no changes"
        lines.append(
            f"{changes}; {len(self.kept)} editor's edit(s) kept; "
            f"{len(self.proposed)} proposed for review; "
            f"{len(self.skipped)} skipped; {len(self.unmatched)} unmatched."
        )
        return "\n".join(lines)

    def text(self) -> str:
        parts = [self.title, "", "Summary", self.summary()]
        sections = (
            ("Changes", self.changes),
            ("Proposed for review", self.proposed),
            ("Kept editor's edits", self.kept),
            ("Skipped", self.skipped),
            ("Unmatched routes", self.unmatched),
            ("Notes", [f"{note} ({count}x)" for note, count in sorted(self.notes.items())]),
        )
        for heading, lines in sections:
            if lines:
                parts += ["", f"{heading} ({len(lines)})", *(f"  {cut(line)}" for line in lines)]
        return "\n".join(parts) + "\n"


class Progress:
    """A one-line progress indicator on a terminal's stderr; silent elsewhere."""

    def __init__(self, stream: TextIO | None = None, label: str = "Importing"):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.label = label
        self.total = 0

    def update(self, done: int, what: str = "") -> None:
        if self.enabled:
            total = f"/{self.total}" if self.total else ""
            self.stream.write(f"\r\x1b[K{self.label}: {done}{total} {what}")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
