from django.core.management.base import BaseCommand

from catalog.importers.forms import UPLOAD_DIR, UPLOAD_MAX_AGE, purge_expired_uploads


class Command(BaseCommand):
    help = (
        "Delete import uploads previewed in the admin but never confirmed, once older than "
        f"{UPLOAD_MAX_AGE} (run it from cron; the next upload also does it)."
    )

    def handle(self, *args, **options):
        purged = purge_expired_uploads()
        self.stdout.write(f"Deleted {purged} expired import upload(s) from {UPLOAD_DIR}.")
