import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from catalog.editors import EDITOR_GROUP, ensure_editor_group


class Command(BaseCommand):
    help = (
        "Create a local editor account (Editor group, staff) if no staff user exists yet; "
        "its random password is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write("An editor account already exists; nothing to do.")
            return
        ensure_editor_group()
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITOR_GROUP))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the editor account “{username}” with password: {password}\n"
                "It is shown only this once; log in at /admin/."
            )
        )
