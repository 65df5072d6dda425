"""Import a models.dev checkout: labs, models, providers, routes (offerings), benchmarks.

The layout is described in the checkout's SOURCE.md; the rules (identity, editors' edits,
what is skipped and what aborts) are in README.md beside this module.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from catalog.formatting import format_setting
from catalog.importers.bookkeeping import is_pending
from catalog.importers.engine import MODELS_DEV_URL, CatalogueImporter, ImportAborted
from catalog.importers.identity import normalised_id
from catalog.importers.parsing import (
    FileProblem,
    benchmark_key,
    parse_bool,
    parse_date,
    parse_price,
    parse_text,
    parse_tokens,
    slug_from,
    table,
    url_or_blank,
)
from catalog.importers.reading import parse_toml, read_text, subfolders
from catalog.models import (
    Benchmark,
    BenchmarkResult,
    ImportRun,
    Lab,
    LanguageModel,
    Modality,
    ModelAlias,
    Offering,
    Provider,
    ReviewStatus,
    RouteKind,
)

# Provider kinds that the provider id alone tells (first-party: the id is a lab's id).
CLOUD_PROVIDERS = re.compile(r"^(?:amazon-bedrock|google-vertex.*|azure.*)$")
# Plans paid per month, not per token (coding plans, token plans, assistants' seats).
SUBSCRIPTIONS = re.compile(
    r"(?:coding-plan|token-plan|^github-copilot$|^gitlab$|^kimi-for-coding$)"
)
# Free tiers and trials: the provider documents its routes as free to try.
FREE_TIERS = {"github-models", "freemodel"}
# Models run on the user's own machine.
LOCAL = {"lmstudio", "atomic-chat", "ollama"}
# Route ids that name a free variant: "qwen3-coder:free", "glm-4.7-flash-free".
FREE_ROUTE = re.compile(r"(?::free|-free)$", re.IGNORECASE)
# SOURCE.md names the commit the snapshot was taken from and its date: "(2026-07-02)".
SNAPSHOT_DATE = re.compile(r"commit [0-9a-f]{7,40}\s*\((\d{4}-\d{2}-\d{2})\)")
AGGREGATORS = {
    "302ai",
    "aihubmix",
    "anyapi",
    "cloudflare-ai-gateway",
    "fastrouter",
    "helicone",
    "kilo",
    "llmgateway",
    "merge-gateway",
    "nano-gpt",
    "openrouter",
    "orcarouter",
    "poe",
    "requesty",
    "vercel",
    "zenmux",
}
# Providers another importer owns: their routes come from that source, never from
# models.dev's copy, so alternating the two imports cannot flip prices back and forth.
EFFORTS = {"minimal", "low", "medium", "high", "xhigh", "max"}
STANDARD_HARNESSES = {"", "terminus-2"}  # the benchmark's own reference harness


def result_setting(harness: str, variant: str) -> tuple[str, str]:
    """A models.dev result's harness and variant -> (setting, detail).

    A variant is a reasoning effort (“medium”) or, on some files, the harness itself.
    Results run in a coding agent's own harness are “custom scaffold”; the benchmark's
    reference harness is its standard setting.
    """
    effort = variant if variant.lower() in EFFORTS else ""
    harness = harness or ("" if effort else variant)
    parts = [f"{harness} harness" if harness else "", f"{effort} effort" if effort else ""]
    detail = ", ".join(part for part in parts if part)
    if harness.lower() in STANDARD_HARNESSES:
        return BenchmarkResult.Setting.STANDARD, detail
    return BenchmarkResult.Setting.CUSTOM_SCAFFOLD, detail


OWNED_ELSEWHERE = {"openrouter": "import_openrouter (OpenRouter's own models.json)"}
SNAPSHOT = re.compile(r"^(?P<alias>.+)-(?:\d{8}|\d{4}-\d{2}-\d{2})$")
SNAPSHOT_LIKE = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$")
STATUSES = {
    "deprecated": Offering.Status.DEPRECATED,
    "beta": Offering.Status.PREVIEW,
    "alpha": Offering.Status.PREVIEW,
    "preview": Offering.Status.PREVIEW,
}


@dataclass
class ModelFile:
    lab: Lab
    identifier: str
    path: str  # relative to the checkout, e.g. "models/anthropic/claude-haiku-4-5.toml"
    data: dict
    model: LanguageModel | None = None


def kind_of_provider(slug: str, lab_slugs: set[str]) -> str:
    if SUBSCRIPTIONS.search(slug):
        return RouteKind.SUBSCRIPTION
    if slug in FREE_TIERS:
        return RouteKind.FREE_TIER
    if slug in LOCAL:
        return RouteKind.LOCAL
    if slug in lab_slugs:
        return Provider.Kind.FIRST_PARTY
    if CLOUD_PROVIDERS.match(slug):
        return Provider.Kind.CLOUD
    if slug in AGGREGATORS:
        return Provider.Kind.AGGREGATOR
    return Provider.Kind.INFERENCE_HOST


def same_lab(model: LanguageModel, lab: Lab) -> bool:
    if lab.pk is not None:
        return model.lab_id == lab.pk
    return model.lab_id is None and model.lab is lab


def inherit(route: dict, base: dict) -> dict:
    """The route's data over its base model's: tables merged key by key, the route's own
    values winning, after removing the ``base_model_omit`` dotted keys from the base."""
    omit = route.get("base_model_omit", [])
    if not isinstance(omit, list) or not all(isinstance(key, str) for key in omit):
        raise FileProblem("base_model_omit", "must be a list of dotted keys.")
    data = copy.deepcopy(base)
    for dotted in omit:
        *parents, last = dotted.split(".")
        node = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(last, None)
    own = {k: v for k, v in route.items() if k not in ("base_model", "base_model_omit")}
    return deep_merge(data, own)


def deep_merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class ModelsDevImporter(CatalogueImporter):
    source = ImportRun.Source.MODELS_DEV
    source_name = "models.dev"

    def build(self, path: Path) -> None:
        try:
            self.root = path.resolve()
            readable = (self.root / "models").is_dir() and (self.root / "providers").is_dir()
            readable = readable and os.access(self.root / "providers", os.R_OK | os.X_OK)
        except (OSError, RuntimeError):
            readable = False
        if not readable:
            raise ImportAborted(f"{path} is not a models.dev checkout (no models/ and providers/).")
        self.date_source(self.snapshot_date(), "models.dev snapshot")
        self.load_catalogue()
        self.note_source_ids()
        self.plan_models()
        self.plan_providers_and_routes()

    def note_source_ids(self) -> None:
        """Tell the identity index every id the source uses (names only, no reading), so
        that an id whose base has several dated snapshots is never matched by its base."""
        for folder in ("models", "providers"):
            for directory, subdirs, names in os.walk(self.root / folder):
                subdirs.sort()
                base = Path(directory)
                for name in names:
                    if not name.startswith(".") and name != "provider.toml":
                        self.index.seen((base / name).name.removesuffix(".toml"))

    def snapshot_date(self) -> dt.date:
        """The snapshot's commit date from SOURCE.md; else the newest ``last_updated`` of its
        model files; else the day the checkout's files were written."""
        try:
            match = SNAPSHOT_DATE.search(read_text(self.root / "SOURCE.md", self.root))
            if match:
                return dt.date.fromisoformat(match[1])
        except (FileProblem, ValueError):
            pass
        latest = None
        for file in (self.root / "models").glob("*/*.toml"):
            try:
                day = parse_date(parse_toml(read_text(file, self.root)).get("last_updated"), "")
            except FileProblem:
                continue
            latest = max(latest, day) if latest and day else (day or latest)
        if latest:
            return latest
        return dt.date.fromtimestamp((self.root / "providers").stat().st_mtime)

    # Reading -------------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_toml(self, path: Path) -> dict:
        """One TOML file. A file holding only a relative path to another .toml file (a git
        symlink checked out as text) is read as a link to that file inside the checkout."""
        for _ in range(5):
            text = read_text(path, self.root)
            try:
                return parse_toml(text)
            except tomllib.TOMLDecodeError as error:
                target = text.strip()
                if "\n" in target or "=" in target or not target.endswith(".toml"):
                    raise FileProblem("", f"not valid TOML ({error}).") from None
                linked = (path.parent / target).resolve()
                if not linked.is_file() or not linked.is_relative_to(self.root):
                    raise FileProblem("", f"links to a missing file: {target}.") from None
                path = linked
        raise FileProblem("", "links in a loop.")

    # Labs and models -------------------------------------------------------------------
    def plan_models(self) -> None:
        files: list[ModelFile] = []
        for lab_dir in subfolders(self.root / "models", self.root, self.report.skip):
            slug = slug_from(lab_dir.name)
            if not slug:
                self.report.skip(self.rel(lab_dir), "the folder name cannot become a slug.")
                continue
            lab = self.ensure_lab(slug)
            for file in sorted(lab_dir.glob("*.toml")):
                rel = self.rel(file)
                try:
                    data = self.read_toml(file)
                    self.model_values(data, rel)  # validates the whole record
                except FileProblem as problem:
                    self.report.skip(rel, problem)
                    continue
                files.append(ModelFile(lab, file.name.removesuffix(".toml"), rel, data))
                if isinstance(data.get("family"), str):
                    self.lab_guess.family_labs[data["family"]].add(lab.slug)
        self.model_files = {f"{f.lab.slug}/{f.identifier}": f for f in files}
        self.lab_guess.file_labs = [(normalised_id(f.identifier), f.lab.slug) for f in files]
        # Undated ids first, so a pinned snapshot finds the model of its alias.
        files.sort(key=lambda f: (bool(SNAPSHOT.match(f.identifier)), f.path))
        for done, file in enumerate(files, 1):
            self.tick(done, "reading models")
            file.model = self.model_for_file(file)
            self.index.add(file.identifier, file.model)
        by_model: dict[int, list[ModelFile]] = {}
        for file in files:
            by_model.setdefault(id(file.model), []).append(file)
        for group in by_model.values():
            self.plan_model(group)

    def ensure_lab(self, slug: str) -> Lab:
        lab = self.labs.get(slug)
        if lab is None:
            lab = Lab(slug=slug, name=slug.replace("-", " ").title())
            self.labs[slug] = lab
            self.plan.create(lab)
            self.report.created["lab"] += 1
            self.report.changes.append(f"+ created lab {slug} (check its name: {lab.name!r})")
        else:
            self.report.unchanged["lab"] += 1
        return lab

    def model_for_file(self, file: ModelFile) -> LanguageModel:
        """Existing slug or alias; a snapshot's alias file; a normalised id of the same lab."""
        model, how = self.index.find(file.identifier)
        if model is not None and (how == "id" or same_lab(model, file.lab)):
            return model
        snapshot = SNAPSHOT.match(file.identifier)
        alias = self.model_files.get(f"{file.lab.slug}/{snapshot['alias']}") if snapshot else None
        if alias is not None and alias.model is not None:
            return alias.model
        return self.new_model(identifier=file.identifier, lab=file.lab)

    def plan_model(self, group: list[ModelFile]) -> None:
        model = group[0].model
        primary = min(
            group,
            key=lambda f: (
                f.identifier != model.slug,
                f.identifier.endswith("-latest"),
                bool(SNAPSHOT_LIKE.search(f.identifier)),
                f.path,
            ),
        )
        values, support = self.model_values(primary.data, primary.path)
        self.merge_model(model, values, support, source=primary.path)
        for file in group:
            if file.identifier.lower() in self.alias_ids:
                continue
            self.alias_ids.add(file.identifier.lower())
            kind = ModelAlias.Kind.SNAPSHOT if SNAPSHOT_LIKE.search(file.identifier) else "alias"
            self.plan.create(ModelAlias(model=model, identifier=file.identifier, kind=kind))
            self.report.created["model alias"] += 1
            self.report.changes.append(f"+ created model alias {file.identifier} -> {model.slug}")
        seen: set[tuple] = set()
        for file in sorted(group, key=lambda f: f is not primary):
            for number, entry in enumerate(file.data.get("benchmarks") or [], 1):
                where = f"{file.path}: benchmarks[{number}]"
                try:
                    self.plan_result(model, entry, seen, file.path)
                except FileProblem as problem:
                    self.report.skip(where, problem)

    def find_benchmark(self, name: str, entry: dict) -> Benchmark | None:
        """The benchmark a result names, its version or subset first (“Terminal-Bench” +
        version 2.1 is Terminal-Bench 2.1, not 2.0; SWE-Bench Pro + hard-aa its hard subset)."""
        for qualifier in (entry.get("version"), entry.get("dataset"), None):
            if qualifier is None and entry.get("version"):
                return None  # a version we do not track is not another version's result
            text = f"{name} {qualifier}" if qualifier else name
            if benchmark := self.benchmarks.get(benchmark_key(text)):
                return benchmark
        return None

    def plan_result(self, model: LanguageModel, entry: Any, seen: set, path: str) -> None:
        if not isinstance(entry, dict):
            raise FileProblem("", "must be a table.")
        name = parse_text(entry.get("name"), "name", max_length=200, required=True)
        benchmark = self.find_benchmark(name, entry)
        if benchmark is None:
            raise FileProblem("name", f"unknown benchmark {name!r} (not created).")
        raw = entry.get("score")
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise FileProblem("score", f"is not a number: {raw!r}.")
        try:
            score = Decimal(str(raw)).quantize(Decimal("0.001"))
        except InvalidOperation:
            raise FileProblem("score", f"is not a number: {raw!r}.") from None
        low, high = benchmark.min_score, benchmark.max_score
        if (low is not None and score < low) or (high is not None and score > high):
            raise FileProblem("score", f"{score} is outside {benchmark.name}'s range {low}-{high}.")
        harness = parse_text(entry.get("harness"), "harness", max_length=120) or ""
        setting, detail = result_setting(harness, str(entry.get("variant") or ""))
        if (benchmark.pk, setting, detail) in seen:
            self.report.notes["benchmark result given twice for one setting: first kept"] += 1
            return
        seen.add((benchmark.pk, setting, detail))
        values = {
            "score": score,
            "harness": harness,
            "source_url": url_or_blank(entry.get("source")),
            "measured_on": parse_date(entry.get("date"), "date"),
            "checked_on": self.source_date,
            "source_note": self.note(path),
        }
        key = ".".join(p for p in ("benchmarks", benchmark.slug, setting, detail) if p)
        result = self.results.get((model.pk, benchmark.pk, setting, detail)) if model.pk else None
        label = f"{model.slug} {benchmark.slug} [{format_setting(setting, detail)}]"
        if result is None:
            if model.pk is not None and not is_pending(model):
                self.propose(model, key, None, score, "a new result on a reviewed model", path)
                return
            result = BenchmarkResult(
                model=model,
                benchmark=benchmark,
                setting=setting,
                setting_detail=detail,
                reported_by=BenchmarkResult.ReportedBy.INDEPENDENT,
                **values,
            )
            self.results[(model.pk or id(model), benchmark.pk, setting, detail)] = result
            self.remember_key(model, key, score)
            self.plan.create(result)
            self.report.created["benchmark result"] += 1
            self.report.changes.append(f"+ created benchmark result {label}: {score}")
            return
        if self.merge_key(model, key, result.score, score, source=path) == "set":
            self.report.changes.append(
                f"~ updated benchmark result {label}: {result.score} -> {score}"
            )
            for name, value in values.items():
                setattr(result, name, value)
            self.plan.update(result, values)
            self.report.updated["benchmark result"] += 1
        else:
            self.report.unchanged["benchmark result"] += 1

    # Providers and routes ----------------------------------------------------------------
    def plan_providers_and_routes(self) -> None:
        self.deferred: list[tuple] = []
        done = 0
        slugs: dict[str, str] = {}
        for provider_dir in subfolders(self.root / "providers", self.root, self.report.skip):
            rel = self.rel(provider_dir / "provider.toml")
            slug = slug_from(provider_dir.name)
            if not slug or slug in slugs:
                why = f"the same slug as {slugs[slug]}/" if slug else "no slug can be made of it"
                self.report.skip(self.rel(provider_dir), f"folder name: {why} (and its routes).")
                continue
            slugs[slug] = self.rel(provider_dir)
            try:
                provider = self.ensure_provider(
                    slug, self.read_toml(provider_dir / "provider.toml")
                )
            except FileProblem as problem:
                self.report.skip(rel, f"{problem} (and its routes)")
                continue
            if slug in OWNED_ELSEWHERE:
                self.report.skip(
                    self.rel(provider_dir / "models"),
                    f"routes skipped: they come from {OWNED_ELSEWHERE[slug]}",
                )
                continue
            source_url = provider.pricing_url or provider.docs_url or MODELS_DEV_URL
            routes_dir = provider_dir / "models"
            seen: set[str] = set()
            for directory, subdirs, names in os.walk(routes_dir):
                subdirs.sort()
                for name in sorted(names, key=lambda n: (not n.endswith(".toml"), n)):
                    if name.startswith("."):
                        continue
                    file = Path(directory) / name
                    route_id = file.relative_to(routes_dir).as_posix().removesuffix(".toml")
                    done += 1
                    self.tick(done, "reading routes")
                    try:
                        if route_id.lower() in seen:
                            raise FileProblem(
                                "",
                                f"a second file for the route {route_id!r} (ids meet "
                                "case-insensitively).",
                            )
                        seen.add(route_id.lower())
                        self.plan_route(provider, route_id, self.rel(file), file, source_url)
                    except FileProblem as problem:
                        self.report.skip(self.rel(file), problem)
        # Routes no model and no lab claimed may name a draft another route created.
        for provider, route_id, rel, values, how, source_url in self.deferred:
            model, _ = self.index.find(route_id)
            if model is None:
                self.report.unmatched.append(
                    f"{rel}: no model matched {route_id!r}{how} and no lab is known: skipped."
                )
                continue
            self.merge_offering(
                provider, route_id, model, values, source=rel, source_url=source_url
            )

    def ensure_provider(self, slug: str, data: dict) -> Provider:
        name = parse_text(data.get("name"), "name", max_length=200, required=True)
        doc = url_or_blank(parse_text(data.get("doc"), "doc", max_length=500))
        provider = self.providers.get(slug)
        if provider is None:
            kind = kind_of_provider(slug, set(self.labs))
            provider = Provider(
                slug=slug,
                name=name,
                kind=kind,
                lab=self.labs.get(slug) if kind == Provider.Kind.FIRST_PARTY else None,
                docs_url=doc,
                review_status=ReviewStatus.PENDING,
            )
            self.providers[slug] = provider
            self.plan.create(provider)
            self.report.created["provider"] += 1
            self.report.changes.append(f"+ created provider {slug} ({provider.get_kind_display()})")
        elif doc and not provider.docs_url:
            if provider.review_status == ReviewStatus.PENDING:
                provider.docs_url = doc
                self.plan.update(provider, ["docs_url"])
                self.report.updated["provider"] += 1
                self.report.changes.append(f"~ updated provider {slug}: docs_url (empty) -> {doc}")
            else:
                self.propose(provider, "docs_url", "", doc, "it fills an unknown", rel_of(slug))
        else:
            self.report.unchanged["provider"] += 1
        return provider

    def plan_route(
        self, provider: Provider, route_id: str, rel: str, file: Path, source_url: str
    ) -> None:
        if len(route_id) > 200:
            raise FileProblem("", "the route id is longer than 200 characters.")
        data = self.read_toml(file)
        base_file = None
        if "base_model" in data:
            base = data["base_model"]
            base_file = self.model_files.get(base) if isinstance(base, str) else None
            if base_file is None:
                raise FileProblem("base_model", f"names an unknown model {base!r}.")
            data = inherit(data, base_file.data)
        values = self.offering_values(data)
        if FREE_ROUTE.search(route_id):
            values["kind"] = RouteKind.FREE_TIER
        model_values, support = self.model_values(data, rel)
        existing = self.offerings.get((provider.slug, route_id))
        if existing is not None and existing.pk is not None:
            model = self.models.get(existing.model_id) or existing.model
        elif base_file is not None:
            model = base_file.model
        else:
            model, how = self.index.find(route_id)
            if model is None:
                model = self.draft_for_route(
                    provider, route_id, rel, data, how, model_values, support
                )
                if model is None:
                    why = f" ({how})" if how else ""
                    self.deferred.append((provider, route_id, rel, values, why, source_url))
                    return
        self.merge_offering(provider, route_id, model, values, source=rel, source_url=source_url)

    def draft_for_route(self, provider, route_id, rel, data, how, values, support):
        why = f" ({how})" if how else ""
        lab = self.lab_guess.lab_for(route_id, data.get("family"), provider)
        if lab is None:
            return None
        model = self.new_model(identifier=normalised_id(route_id, self.index.vendors), lab=lab)
        self.merge_model(model, values, support, source=rel)
        self.index.add(route_id, model)
        self.report.unmatched.append(
            f"{rel}: no model matched {route_id!r}{why}: "
            f"created draft model {model.slug} ({lab.slug})."
        )
        return model

    def model_values(self, data: dict, where: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Model fields and capability support ("yes"/"no") from a models.dev-style record.

        Raises FileProblem naming the field when a value is malformed.
        """
        name = parse_text(data.get("name"), "name", max_length=200, required=True)
        name = re.sub(r"\s*\(latest\)$", "", name, flags=re.IGNORECASE)
        limit = table(data, "limit")
        values: dict[str, Any] = {
            "name": name,
            "release_date": parse_date(data.get("release_date"), "release_date"),
            "context_window_tokens": parse_tokens(limit.get("context"), "limit.context"),
            "max_output_tokens": parse_tokens(limit.get("output"), "limit.output"),
        }
        knowledge = data.get("knowledge")
        if isinstance(knowledge, dt.date):
            knowledge = knowledge.isoformat()
        if knowledge not in (None, ""):
            if not isinstance(knowledge, str) or not re.fullmatch(
                r"\d{4}-\d{2}(-\d{2})?", knowledge
            ):
                raise FileProblem("knowledge", f"is not YYYY-MM or YYYY-MM-DD: {knowledge!r}.")
            values["knowledge_cutoff"] = knowledge
        if isinstance(data.get("release_date"), str) and values["release_date"] is None:
            self.report.notes["release_date given as a month only: left unknown"] += 1
        modalities = table(data, "modalities")
        for direction in ("input", "output"):
            listed = modalities.get(direction)
            if listed is None:
                continue
            if not isinstance(listed, list) or not all(isinstance(m, str) for m in listed):
                raise FileProblem(f"modalities.{direction}", "must be a list of names.")
            known = [m for m in listed if m in Modality.values]
            if len(known) != len(listed):
                self.report.notes[
                    f"modalities other than {', '.join(Modality.values)} ignored"
                ] += 1
            values[f"{direction}_modalities"] = known
        license_name = parse_text(data.get("license"), "license", max_length=200)
        open_weights = parse_bool(data.get("open_weights"), "open_weights")
        if license_name:
            license = self.licenses.get(license_name.lower())
            if license is None:
                self.report.notes[f"unknown license {license_name!r} left unset"] += 1
            values["license"] = license
        elif open_weights is False and "proprietary" in self.licenses:
            values["license"] = self.licenses["proprietary"]
        elif open_weights:
            self.report.notes["open weights without a named license: license left unset"] += 1
        support: dict[str, str] = {}
        for key, slugs in (
            ("tool_call", ("function-calling", "tool-use")),
            ("reasoning", ("reasoning-mode",)),
            ("structured_output", ("structured-outputs",)),
        ):
            flag = parse_bool(data.get(key), key)
            if flag is not None:
                support.update(dict.fromkeys(slugs, "yes" if flag else "no"))
        inputs = values.get("input_modalities")
        attachment = parse_bool(data.get("attachment"), "attachment")
        if inputs is not None:
            support["vision"] = "yes" if "image" in inputs else "no"
            multimodal = attachment or any(m != "text" for m in inputs)
            support["multimodal-input"] = "yes" if multimodal else "no"
        return values, support

    def offering_values(self, data: dict) -> dict[str, Any]:
        cost = table(data, "cost")
        limit = table(data, "limit")
        values: dict[str, Any] = {
            "input_usd_per_mtok": parse_price(cost.get("input"), "cost.input"),
            "output_usd_per_mtok": parse_price(cost.get("output"), "cost.output"),
            "cached_input_usd_per_mtok": parse_price(cost.get("cache_read"), "cost.cache_read"),
            "cache_write_usd_per_mtok": parse_price(cost.get("cache_write"), "cost.cache_write"),
            "long_context_threshold_tokens": None,
            "long_context_input_usd_per_mtok": None,
            "long_context_output_usd_per_mtok": None,
            "context_window_tokens": parse_tokens(limit.get("context"), "limit.context"),
            "max_output_tokens": parse_tokens(limit.get("output"), "limit.output"),
        }
        long_context = None
        if "context_over_200k" in cost:
            long_context = (200_000, table(cost, "context_over_200k"), "cost.context_over_200k")
        else:
            tiers = cost.get("tiers") or []
            if not isinstance(tiers, list):
                raise FileProblem("cost.tiers", "must be a list of tables.")
            sized = []
            for number, tier in enumerate(tiers, 1):
                spec = tier.get("tier") if isinstance(tier, dict) else None
                if not isinstance(spec, dict) or spec.get("type", "context") != "context":
                    continue
                size = parse_tokens(spec.get("size"), f"cost.tiers[{number}].tier.size")
                if size:
                    sized.append((size, tier, f"cost.tiers[{number}]"))
            if sized:
                long_context = min(sized, key=lambda item: item[0])
        if long_context:
            threshold, tier, where = long_context
            values["long_context_threshold_tokens"] = threshold
            values["long_context_input_usd_per_mtok"] = parse_price(
                tier.get("input"), f"{where}.input"
            )
            values["long_context_output_usd_per_mtok"] = parse_price(
                tier.get("output"), f"{where}.output"
            )
        status = data.get("status")
        if status is not None and not isinstance(status, str):
            raise FileProblem("status", f"must be text: {status!r}.")
        values["status"] = STATUSES.get(status or "", Offering.Status.GA)
        if status and status not in STATUSES:
            self.report.notes[f"unknown route status {status!r} read as generally available"] += 1
        values["deprecated_on"] = parse_date(data.get("deprecation_date"), "deprecation_date")
        values["retires_on"] = parse_date(data.get("retirement_date"), "retirement_date")
        if (
            values["deprecated_on"]
            and values["retires_on"]
            and values["retires_on"] < values["deprecated_on"]
        ):
            raise FileProblem("retirement_date", "comes before the deprecation date.")
        return values


def import_modelsdev(path, *, dry_run=False, user=None, progress=None, today=None) -> ImportRun:
    """Import the models.dev checkout at ``path``; raise ImportFailed if it rolled back."""
    return ModelsDevImporter(today=today, progress=progress).run(path, dry_run=dry_run, user=user)


def rel_of(slug: str) -> str:
    return f"providers/{slug}/provider.toml"
