"""An import's routes (offerings): which values a route keeps, its provenance, and the price
record that follows a change of prices."""

from __future__ import annotations

from typing import Any

from catalog.models import PRICE_FIELDS, LanguageModel, Offering, Provider, ReviewStatus, RouteKind

LIMIT_FIELDS = ("context_window_tokens", "max_output_tokens")


class OfferingMerging:
    """Part of CatalogueImporter: reads the routes it loaded (``offerings``, known.py), its
    ``plan``, ``report`` and ``source_date``, and merges through ``merge`` (merging.py)."""

    def merge_offering(
        self,
        provider: Provider,
        route_id: str,
        model: LanguageModel,
        values: dict[str, Any],
        *,
        source: str,
        source_url: str,
    ) -> None:
        """Create or update one offering. Limits are kept only where they differ from the
        model's; a $0 price is a price only on a free route; new routes wait for review;
        provenance (source, note, date) and a price record follow a change of prices."""
        offering, created = self.offering_for(provider, route_id, model)
        self.drop_model_limits(offering, model, values)
        self.drop_unfree_zeros(offering, provider, values)
        before = offering.price_snapshot()
        changed = self.merge(
            offering,
            values,
            kind="offering",
            label=f"{provider.slug} {route_id}",
            source=source,
            held=self.held_prices(offering, values),
        )
        prices = offering.price_snapshot()
        if not (created or prices != before):
            return
        self.stamp_provenance(offering, source=source, source_url=source_url)
        if any(v is not None for v in prices.values()) and (created or changed):
            self.plan.create(offering.price_record(effective_on=self.source_date))
            self.report.created["price record"] += 1

    def offering_for(
        self, provider: Provider, route_id: str, model: LanguageModel
    ) -> tuple[Offering, bool]:
        """The catalogue's route, or a new one waiting for review; and whether it is new."""
        key = (provider.slug, route_id)
        offering = self.offerings.get(key)
        if offering is not None:
            return offering, False
        offering = Offering(
            provider=provider,
            provider_model_id=route_id,
            model=model,
            review_status=ReviewStatus.PENDING,
        )
        self.offerings[key] = offering
        return offering, True

    @staticmethod
    def drop_model_limits(offering: Offering, model: LanguageModel, values: dict) -> None:
        """A route's limit equal to its model's is the model's: left unknown on the route,
        unless the route already holds that very figure (then there is nothing to do)."""
        for name in LIMIT_FIELDS:
            same_as_model = values.get(name) is not None and values[name] == getattr(model, name)
            if same_as_model and getattr(offering, name) != values[name]:
                values[name] = None

    def drop_unfree_zeros(self, offering: Offering, provider: Provider, values: dict) -> None:
        """A $0 price is unknown unless the route is documented as free."""
        kind = values.get("kind") or offering.kind or provider.kind
        if kind == RouteKind.FREE_TIER:
            return
        for name in PRICE_FIELDS:
            if values.get(name) == 0:
                values[name] = None
                self.report.notes["$0 price on a route not documented as free: unknown"] += 1

    def held_prices(self, offering: Offering, values: dict) -> dict[str, str]:
        """Prices from a source older than the route's last check go to review."""
        checked = offering.last_verified_on
        if not (checked and self.source_date and checked > self.source_date):
            return {}
        why = f"the route was checked on {checked}, after this source"
        return {name: why for name in PRICE_FIELDS if name in values}

    def stamp_provenance(self, offering: Offering, *, source: str, source_url: str) -> None:
        """What was read and as of when, on a route whose prices changed (unless locked)."""
        provenance = []
        for name, value in (
            ("source_url", source_url),
            ("source_note", self.note(source)),
            ("last_verified_on", self.source_date),
        ):
            if name not in offering.locked_fields and getattr(offering, name) != value:
                setattr(offering, name, value)
                provenance.append(name)
        self.plan.update(offering, provenance)
