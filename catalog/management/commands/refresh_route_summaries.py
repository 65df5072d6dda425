"""Store again the route summaries whose date has passed (run it daily, from cron)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.route_summary import expired_model_ids, refresh_route_summaries


class Command(BaseCommand):
    help = (
        "Rewrite the stored route summary of every model whose summary no longer holds today "
        "(a route or the model itself reached its retirement date), or of every model (--all). "
        "Reads stay correct without it (they compute expired summaries), only slower."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rewrite every model's summary.")

    def handle(self, *args, **options):
        with transaction.atomic():
            ids = None if options["all"] else expired_model_ids()
            refresh_route_summaries(ids)
        what = "every model's" if ids is None else f"{len(ids)} expired"
        self.stdout.write(self.style.SUCCESS(f"Route summaries: {what} rewritten."))
