"""RSS and Atom feeds: models newly added to the catalogue, and price changes.

Feed text is editors' text: control characters (which XML 1.0 cannot carry) are stripped
from everything emitted, and descriptions are HTML-escaped, since readers render an RSS
<description> and an Atom <summary type="html"> as HTML.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from catalog.formatting import format_date
from catalog.formatting import format_price as usd
from catalog.models import LanguageModel
from catalog.price_history import PriceChange, price_changes
from catalog.text import without_control_characters as plain

FEED_LENGTH = 30


def as_html(text: str) -> str:
    """Plain text for a description that readers render as HTML."""
    return escape(plain(text))


class NewModelsFeed(Feed):
    title = "ModelRef: new models"
    link = reverse_lazy("catalog:model-list")
    description = "AI language models newly added to the ModelRef catalogue."

    def items(self):
        return (
            LanguageModel.objects.published()
            .select_related("lab")
            .order_by("-created_at", "name")[:FEED_LENGTH]
        )

    def item_title(self, model):
        return plain(f"{model.name} ({model.lab.name})")

    def item_description(self, model):
        return as_html(model.summary or f"{model.name} by {model.lab.name}.")

    def item_pubdate(self, model):
        return model.created_at

    def item_updateddate(self, model):
        return model.updated_at


class NewModelsAtomFeed(NewModelsFeed):
    feed_type = Atom1Feed
    subtitle = NewModelsFeed.description


class PriceChangesFeed(Feed):
    title = "ModelRef: price changes"
    link = reverse_lazy("catalog:model-list")
    description = "Every change of a provider's price for a published model, newest first."

    def items(self):
        return price_changes()[:FEED_LENGTH]

    def item_title(self, record):
        offering = record.offering
        return plain(
            f"{offering.model.name} on {offering.provider.name}: {PriceChange.of(record).summary}"
        )

    def item_description(self, record):
        offering = record.offering
        return as_html(
            f"From {format_date(record.effective_on)}, {offering.provider.name} charges "
            f"{usd(record.input_usd_per_mtok)} per 1M input tokens (was {usd(record.old_input)}) "
            f"and {usd(record.output_usd_per_mtok)} per 1M output tokens "
            f"(was {usd(record.old_output)}) for {offering.model.name} "
            f"(model id {offering.provider_model_id})."
        )

    def item_link(self, record):
        return reverse("catalog:model-detail", args=[record.offering.model.slug]) + "#pricing"

    def item_guid(self, record):
        return f"tag:modelref,2026:price-record/{record.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, record):
        return timezone.make_aware(dt.datetime.combine(record.effective_on, dt.time()))


class PriceChangesAtomFeed(PriceChangesFeed):
    feed_type = Atom1Feed
    subtitle = PriceChangesFeed.description
