"""The one way the admin's bulk actions change rows: one UPDATE for the selected rows, each
row logged in its admin history, the catalogue version bumped (an UPDATE sends no signal),
and the editor told how many."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from catalog.version import bump_catalogue_version


class BulkActionsMixin:
    """For a ModelAdmin: ``update_selected`` and ``tell_count`` for its actions."""

    def update_selected(self, request, queryset: QuerySet, message: str, **values) -> int:
        """Update the selected rows, and log each one in its admin history; how many."""
        rows = self.model._default_manager.filter(pk__in=queryset.values("pk"))
        if isinstance(self.list_select_related, list | tuple):
            rows = rows.select_related(*self.list_select_related)  # what __str__ reads
        changed = list(rows)
        self.model._default_manager.filter(pk__in=[obj.pk for obj in changed]).update(**values)
        bump_catalogue_version(model_columns=False)
        for obj in changed:
            self.log_change(request, obj, message)
        return len(changed)

    def mark_today(self, request, queryset, field_name: str, verb: str, counts: tuple[str, str]):
        """Set the selected rows' ``field_name`` to today, "Marked <verb> on <day>." in each
        one's history; ``counts``: the message's singular and plural."""
        today = timezone.localdate()
        message = f"Marked {verb} on {today}."
        count = self.update_selected(request, queryset, message, **{field_name: today})
        self.tell_count(request, count, *counts)

    def tell_count(
        self, request, count: int, singular: str, plural: str, level: int = messages.SUCCESS
    ) -> None:
        """ "%d …" in the singular or plural that ``count`` needs."""
        self.message_user(request, ngettext(singular, plural, count) % count, level)
