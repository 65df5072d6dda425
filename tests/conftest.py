import pytest
from django.contrib.auth.models import Group

from catalog.editors import EDITOR_GROUP
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def editor(db):
    """A staff user in the Editor group: curates the catalogue, not a superuser."""
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
