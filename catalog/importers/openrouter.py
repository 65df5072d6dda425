"""Import an OpenRouter-style models.json into the OpenRouter provider's offerings.

``{"data": [{id, name, context_length, architecture{...}, pricing{prompt, completion,
input_cache_read, input_cache_write} (USD per token, as strings), top_provider{...},
expiration_date}]}``. Prices become USD per 1M tokens exactly: ``Decimal(str) * 1_000_000``.
The rules are in README.md beside this module.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from catalog.importers.engine import CatalogueImporter, ImportAborted
from catalog.importers.identity import normalised_id
from catalog.importers.modelsdev import FREE_ROUTE, SNAPSHOT_DATE
from catalog.importers.parsing import (
    FileProblem,
    parse_date,
    parse_price,
    parse_text,
    parse_tokens,
    table,
)
from catalog.importers.reading import MAX_DOCUMENT_BYTES, check_values, parse_json, read_bytes
from catalog.models import ImportRun, Modality, Offering, Provider, ReviewStatus, RouteKind

PROVIDER_SLUG = "openrouter"
PROVIDER_URL = "https://openrouter.ai/models"


class OpenRouterImporter(CatalogueImporter):
    source = ImportRun.Source.OPENROUTER
    source_name = "OpenRouter"
    source_url = PROVIDER_URL

    def build(self, path: Path) -> None:
        try:
            root = path.resolve().parent
            document = parse_json(read_bytes(path, root, limit=MAX_DOCUMENT_BYTES))
        except (FileProblem, OSError, RuntimeError, ValueError) as error:
            raise ImportAborted(f"{path.name} is not a readable JSON file ({error}).") from None
        self.date_source(self.file_date(path), f"OpenRouter models list {path.name}")
        entries = document.get("data") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise ImportAborted(f"{path.name}: expected an object with a “data” list.")
        self.load_catalogue()
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                self.index.seen(entry["id"][:200])
        provider = self.ensure_provider()
        source_url = provider.pricing_url or provider.docs_url or PROVIDER_URL
        seen: set[str] = set()
        for number, entry in enumerate(entries):
            self.tick(number + 1, "reading models")
            label = entry.get("id") if isinstance(entry, dict) else None
            where = f"{path.name}: data[{number}]" + (f" ({label})" if label else "")
            try:
                self.plan_entry(provider, entry, f"{path.name} data[{number}]", source_url, seen)
            except FileProblem as problem:
                self.report.skip(where, problem)

    def file_date(self, path: Path) -> dt.date:
        """The date of the document: the snapshot date a SOURCE.md beside it gives (the
        models.dev snapshot's models.json), else the day the file was written."""
        try:
            text = read_bytes(path.parent / "SOURCE.md", path.resolve().parent).decode()
            if match := SNAPSHOT_DATE.search(text):
                return dt.date.fromisoformat(match[1])
        except (FileProblem, UnicodeDecodeError, ValueError):
            pass
        return dt.date.fromtimestamp(path.stat().st_mtime)

    def ensure_provider(self) -> Provider:
        provider = self.providers.get(PROVIDER_SLUG)
        if provider is None:
            provider = Provider(
                slug=PROVIDER_SLUG,
                name="OpenRouter",
                kind=Provider.Kind.AGGREGATOR,
                website="https://openrouter.ai",
                docs_url=PROVIDER_URL,
                review_status=ReviewStatus.PENDING,
            )
            self.providers[PROVIDER_SLUG] = provider
            self.plan.create(provider)
            self.report.created["provider"] += 1
            self.report.changes.append(f"+ created provider {PROVIDER_SLUG} (Aggregator)")
        return provider

    def plan_entry(
        self, provider: Provider, entry: Any, where: str, source_url: str, seen: set[str]
    ) -> None:
        if not isinstance(entry, dict):
            raise FileProblem("", "must be an object.")
        check_values(entry)
        route_id = parse_text(entry.get("id"), "id", max_length=200, required=True)
        if route_id.lower() in seen:
            raise FileProblem("id", f"{route_id!r} is listed twice (ids meet case-insensitively).")
        seen.add(route_id.lower())
        pricing = table(entry, "pricing")
        if "prompt" not in pricing or "completion" not in pricing:
            raise FileProblem("pricing", "needs “prompt” and “completion”.")
        top = table(entry, "top_provider")
        expires = parse_date(entry.get("expiration_date"), "expiration_date")
        values: dict[str, Any] = {
            "input_usd_per_mtok": self.per_token(pricing, "prompt"),
            "output_usd_per_mtok": self.per_token(pricing, "completion"),
            "cached_input_usd_per_mtok": self.per_token(pricing, "input_cache_read"),
            "cache_write_usd_per_mtok": self.per_token(pricing, "input_cache_write"),
            "context_window_tokens": parse_tokens(
                top.get("context_length") or entry.get("context_length"), "context_length"
            ),
            "max_output_tokens": parse_tokens(
                top.get("max_completion_tokens"), "top_provider.max_completion_tokens"
            ),
            "status": Offering.Status.GA,
            "retires_on": expires,
        }
        if FREE_ROUTE.search(route_id):
            values["kind"] = RouteKind.FREE_TIER
        if expires is not None:
            past = expires <= (self.source_date or self.today)
            values["status"] = Offering.Status.RETIRED if past else Offering.Status.DEPRECATED
        existing = self.offerings.get((provider.slug, route_id))
        if existing is not None and existing.pk is not None:
            model = self.models.get(existing.model_id) or existing.model
        else:
            model, how = self.index.find(route_id, entry.get("canonical_slug") or "")
            if model is None:
                model = self.draft(provider, route_id, entry, where, how)
                if model is None:
                    return
        self.merge_offering(provider, route_id, model, values, source=where, source_url=source_url)

    def per_token(self, pricing: dict, key: str):
        return parse_price(pricing.get(key), f"pricing.{key}", per_token=True)

    def draft(self, provider, route_id: str, entry: dict, where: str, how: str):
        why = f" ({how})" if how else ""
        lab = self.lab_guess.lab_for(route_id, None, None)
        if lab is None:
            self.report.unmatched.append(
                f"{where}: no model matched {route_id!r}{why} and no lab is known: skipped."
            )
            return None
        architecture = table(entry, "architecture")
        name = parse_text(entry.get("name"), "name", max_length=200) or route_id
        values = {
            "name": re.sub(r"^[^:]{1,40}:\s+", "", name),
            "context_window_tokens": parse_tokens(entry.get("context_length"), "context_length"),
            "input_modalities": modalities(architecture.get("input_modalities")),
            "output_modalities": modalities(architecture.get("output_modalities")),
        }
        cutoff = entry.get("knowledge_cutoff")
        if isinstance(cutoff, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", cutoff):
            values["knowledge_cutoff"] = cutoff
        model = self.new_model(identifier=normalised_id(route_id, self.index.vendors), lab=lab)
        self.merge_model(model, values, {}, source=where)
        self.index.add(route_id, model)
        self.report.unmatched.append(
            f"{where}: no model matched {route_id!r}{why}: created draft model {model.slug}"
            f" ({lab.slug})."
        )
        return model


def modalities(listed: Any) -> list[str] | None:
    if not isinstance(listed, list):
        return None
    renamed = ["pdf" if m == "file" else m for m in listed if isinstance(m, str)]
    return [m for m in dict.fromkeys(renamed) if m in Modality.values]


def import_openrouter(path, *, dry_run=False, user=None, progress=None, today=None) -> ImportRun:
    """Import an OpenRouter models.json at ``path``; raise ImportFailed if it rolled back."""
    return OpenRouterImporter(today=today, progress=progress).run(path, dry_run=dry_run, user=user)
