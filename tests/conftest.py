import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from catalog.editors import EDITOR_GROUP
from catalog.importers.bundled import load_catalogue
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


@pytest.fixture(scope="module")
def bundled_once(django_db_setup, django_db_blocker):
    """The bundled catalogue, loaded once per module in a transaction rolled back after it
    (each test's own transaction nests in it as a savepoint, as in Django's TestCase)."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_catalogue()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def bundled(bundled_once, db):
    """The bundled catalogue for one test (loaded once per module): the load's report."""
    return bundled_once
