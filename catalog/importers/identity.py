"""Model identity: the ids a model is known by, and the one rule for when two ids meet."""

from __future__ import annotations

import re
from collections import defaultdict

from catalog.models import LanguageModel

REGION_PREFIX = re.compile(r"^(?:us|eu|apac|ap|global|jp|au|ca|us-gov)\.")
# Vendor prefixes of cloud ids ("anthropic.claude-..."), besides the labs' own slugs.
VENDOR_PREFIXES = {
    "ai21",
    "amazon",
    "anthropic",
    "cohere",
    "deepseek",
    "google",
    "meta",
    "minimax",
    "mistral",
    "moonshot",
    "moonshotai",
    "nvidia",
    "openai",
    "qwen",
    "writer",
    "xai",
    "zai",
}
DATE_SUFFIX = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$")


def normalise(identifier: str, vendors: set[str] = VENDOR_PREFIXES) -> str:
    """The form under which ids of one model meet, e.g. every id of Claude Haiku 4.5
    but the dated ones -> "claude-haiku-4-5", and "anthropic.claude-haiku-4-5-20251001-v1:0"
    or "claude-haiku-4-5@20251001" -> "claude-haiku-4-5-20251001" / "claude-haiku-4-5".
    """
    text = identifier.strip().lower().lstrip("~")
    text = text.rsplit("/", 1)[-1]
    text = REGION_PREFIX.sub("", text)
    head, dot, rest = text.partition(".")
    cloud_style = False
    if dot and head in vendors and rest[:1].isalpha():
        text, cloud_style = rest, True
    text = text.split("@", 1)[0]
    text = re.sub(r"-v\d+:\d+$", "", text)
    if cloud_style:
        text = re.sub(r"-v\d+$", "", text)
    text = re.sub(r":[a-z][a-z-]*$", "", text)
    return re.sub(r"[._\s]+", "-", text).strip("-")


def loose(key: str) -> str:
    """A normalised id without its date or "-latest" suffix."""
    return DATE_SUFFIX.sub("", key)


class ModelIndex:
    """Every id a model is known by: slugs, aliases, ids seen in this import."""

    def __init__(self, vendors: set[str]):
        self.vendors = vendors
        self.exact: dict[str, LanguageModel] = {}
        self.normal: dict[str, dict[int, LanguageModel]] = defaultdict(dict)
        self.loose: dict[str, dict[int, LanguageModel]] = defaultdict(dict)

    def add(self, identifier: str, model: LanguageModel) -> None:
        self.exact.setdefault(identifier.lower(), model)
        key = normalise(identifier, self.vendors)
        self.normal[key][id(model)] = model
        self.loose[loose(key)][id(model)] = model

    def find(self, *identifiers: str) -> tuple[LanguageModel | None, str]:
        """The one model these ids name, and how it was found ("" when none or ambiguous)."""
        identifiers = tuple(i for i in identifiers if i)
        for identifier in identifiers:
            if (model := self.exact.get(identifier.lower())) is not None:
                return model, "id"
        for table, how in ((self.normal, "normalised id"), (self.loose, "undated id")):
            for identifier in identifiers:
                key = normalise(identifier, self.vendors)
                hits = table.get(key if table is self.normal else loose(key))
                if hits and len(hits) == 1:
                    return next(iter(hits.values())), how
                if hits:
                    return None, "ambiguous: " + ", ".join(sorted(m.slug for m in hits.values()))
        return None, ""
