"""Model identity: the ids a model is known by, the one rule for when two ids meet, and which
lab a model nobody has catalogued comes from."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from catalog.models import Lab, LanguageModel, Provider

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
# Id prefixes that name a lab by another name ("meta-llama/..." is Meta's).
LAB_PREFIXES = {
    "meta-llama": "meta",
    "mistralai": "mistral",
    "qwen": "alibaba",
    "z-ai": "zhipuai",
    "zai": "zhipuai",
    "zai-org": "zhipuai",
    "thudm": "zhipuai",
    "deepseek-ai": "deepseek",
    "x-ai": "xai",
    "minimaxai": "minimax",
    "moonshot": "moonshotai",
    "stepfun-ai": "stepfun",
    "xiaomimimo": "xiaomi",
}
DATE_SUFFIX = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$")
DATED_ID = re.compile(r"-(\d{8}|\d{4}-\d{2}-\d{2})$")  # the date a dated snapshot's id ends in
# Serving formats, not other models: "-fp8", "-int4", "-gguf", "-mlx-4bit".
FORMAT_SUFFIX = re.compile(r"(?:-(?:fp8|fp4|fp16|bf16|int4|int8|awq|gguf|mlx|\d+bit))+$")
# Expert counts in open-weight ids: "llama-4-scout-17b-16e-instruct" = "...-17b-instruct".
EXPERTS = re.compile(r"-\d+e(?=-|$)")


def normalised_id(identifier: str, vendors: set[str] = VENDOR_PREFIXES) -> str:
    """The form under which ids of one model meet, e.g. every id of Claude Haiku 4.5
    but the dated ones -> "claude-haiku-4-5", and "anthropic.claude-haiku-4-5-20251001-v1:0"
    or "claude-haiku-4-5@20251001" -> "claude-haiku-4-5-20251001" / "claude-haiku-4-5";
    "gpt-oss:120b" (a size tag) -> "gpt-oss-120b".
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
    text = re.sub(r":(\d+(?:\.\d+)?[bm])$", r"-\1", text)
    text = re.sub(r":[a-z][a-z-]*$", "", text)
    return re.sub(r"[._\s]+", "-", text).strip("-")


def loose(key: str) -> str:
    """A normalised id without its date or "-latest" suffix."""
    return DATE_SUFFIX.sub("", key)


def compact(key: str) -> str:
    """A normalised id without serving-format suffixes, expert counts and dashes:
    "llama4-scout-17b-instruct" and "llama-4-scout-17b-16e-instruct-fp8" meet."""
    return EXPERTS.sub("", FORMAT_SUFFIX.sub("", key)).replace("-", "")


def id_date(key: str) -> str:
    """The date a normalised id ends in ("20251001"), or ""."""
    match = DATED_ID.search(key)
    return match[1].replace("-", "") if match else ""


class ModelIndex:
    """Every id a model is known by: slugs, aliases, ids seen in this import.

    Identity never guesses: only an id naming exactly one model matches, and an id whose
    undated base has two or more dated snapshots anywhere (in the catalogue or the
    source: "claude-3-5-sonnet-20240620" and "-20241022") meets a model only through an
    exact or normalised id, never through its base.
    """

    def __init__(self, vendors: set[str]):
        self.vendors = vendors
        self.exact: dict[str, LanguageModel] = {}
        self.normal: dict[str, dict[int, LanguageModel]] = defaultdict(dict)
        self.compact: dict[str, dict[int, LanguageModel]] = defaultdict(dict)
        self.loose: dict[str, dict[int, LanguageModel]] = defaultdict(dict)
        self.dates: dict[str, set[str]] = defaultdict(set)  # undated base -> snapshot dates

    def add(self, identifier: str, model: LanguageModel) -> None:
        self.exact.setdefault(identifier.lower(), model)
        key = normalised_id(identifier, self.vendors)
        self.normal[key][id(model)] = model
        self.compact[compact(key)][id(model)] = model
        self.loose[loose(key)][id(model)] = model
        self.seen(identifier)

    def seen(self, identifier: str) -> None:
        """Note an id the source uses, so that its snapshot date counts (see the class)."""
        key = normalised_id(identifier, self.vendors)
        if date := id_date(key):
            self.dates[loose(key)].add(date)

    def find(self, *identifiers: str) -> tuple[LanguageModel | None, str]:
        """The one model these ids name, and how it was found ("" when none; "ambiguous: ..."
        when the ids could name more than one)."""
        identifiers = tuple(i for i in identifiers if i)
        for identifier in identifiers:
            if (model := self.exact.get(identifier.lower())) is not None:
                return model, "id"
        keys = [normalised_id(identifier, self.vendors) for identifier in identifiers]
        keys += [self.without_vendor(key) for key in keys if self.without_vendor(key)]
        for how, table, form in (
            ("normalised id", self.normal, lambda key: key),
            ("compact id", self.compact, compact),
            ("undated id", self.loose, loose),
        ):
            for key in keys:
                if how == "undated id" and len(self.dates.get(loose(key), ())) > 1:
                    dates = ", ".join(sorted(self.dates[loose(key)]))
                    return None, f"ambiguous: {loose(key)} has several snapshots ({dates})"
                hits = table.get(form(key))
                if hits and len(hits) == 1:
                    return next(iter(hits.values())), how
                if hits:
                    return None, "ambiguous: " + ", ".join(sorted(m.slug for m in hits.values()))
        return None, ""

    def without_vendor(self, key: str) -> str:
        """ "anthropic-claude-haiku-4-5" -> "claude-haiku-4-5" (a vendor's name as a prefix)."""
        head, dash, rest = key.partition("-")
        return rest if dash and head in self.vendors and len(rest) > 3 else ""


class LabGuess:
    """Which lab a model the catalogue does not know comes from: by the id's prefix, the
    family's lab, the lab whose models' ids start alike, or a first-party provider's lab.

    ``labs`` and ``models`` are the importer's own dicts (they grow as it plans); the
    importer adds what the source says: ``family_labs`` (family -> lab slugs of its model
    files) and ``file_labs`` ((normalised id, lab slug) of each model file).
    """

    def __init__(self, labs: dict[str, Lab], models: dict[int, LanguageModel], vendors: set[str]):
        self.labs = labs
        self.models = models
        self.vendors = vendors
        self.family_labs: dict[str, set[str]] = defaultdict(set)
        self.file_labs: list[tuple[str, str]] = []
        self.name_labs: dict[str, str] | None = None

    def lab_for(self, identifier: str, family: Any, provider: Provider | None) -> Lab | None:
        """The lab a model not in the catalogue comes from, if the data says so."""
        text = identifier.lower().lstrip("~")
        for separator in ("/", "."):
            head = text.split(separator, 1)[0] if separator in text else ""
            slug = LAB_PREFIXES.get(head, head)
            if slug in self.labs:
                return self.labs[slug]
        if isinstance(family, str) and len(self.family_labs.get(family, ())) == 1:
            return self.labs.get(next(iter(self.family_labs[family])))
        if lab := self.lab_of_name(normalised_id(identifier, self.vendors)):
            return lab
        if provider is not None and provider.kind == Provider.Kind.FIRST_PARTY:
            if provider.pk is None or provider.lab_id is None:
                return provider.lab if provider.pk is None else None
            return next((lab for lab in self.labs.values() if lab.pk == provider.lab_id), None)
        return None

    def lab_of_name(self, key: str) -> Lab | None:
        """The lab whose models' ids mostly start like ``key`` ("grok-4-1" -> xai), learnt
        from the catalogue's model slugs and the source's model files."""
        if self.name_labs is None:
            counts: dict[str, Counter] = defaultdict(Counter)
            labs_by_pk = {lab.pk: lab.slug for lab in self.labs.values() if lab.pk}
            for model in self.models.values():
                if not model.is_published:
                    continue  # drafts (maybe an earlier import's guesses) teach nothing
                counts[model.slug.split("-", 1)[0]][labs_by_pk.get(model.lab_id)] += 1
            for key_, model_lab in self.file_labs:
                counts[key_.split("-", 1)[0]][model_lab] += 1
            self.name_labs = {}
            for head, labs in counts.items():
                (best, count), total = labs.most_common(1)[0], labs.total()
                if best and count >= 0.8 * total and len(head) >= 3 and not head.isdigit():
                    self.name_labs[head] = best
        slug = self.name_labs.get(key.split("-", 1)[0])
        return self.labs.get(slug) if slug else None
