import pytest
from django.contrib.auth.models import Group

from catalog.editors import EDITOR_GROUP
from tests import layers
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


@pytest.fixture(scope="session")
def _layer_stack(django_db_setup, django_db_blocker):
    """The shared layers of test data (tests/layers.py), rolled back at the end of the run."""
    stack = layers.LayerStack()
    yield stack
    with django_db_blocker.unblock():
        stack.keep(0)


@pytest.fixture
def _shared_layers(request, _layer_stack, django_db_blocker):
    """Open the layers this test asks for (and only those) before its transaction begins."""
    depth = layers.wanted_depth(request.fixturenames)
    if depth and layers.is_transactional(request.node):
        raise pytest.UsageError(
            f"{request.node.nodeid}: shared layers are for tests that never commit"
        )
    if depth > layers.LAYER_NAMES.index("imported") and not layers.SNAPSHOT.is_dir():
        pytest.skip(f"no models.dev snapshot at {layers.SNAPSHOT}")
    with django_db_blocker.unblock():
        _layer_stack.keep(depth)


@pytest.fixture
def _django_db_helper(_shared_layers, _django_db_helper):
    """pytest-django's per-test transaction (this overrides its fixture of that name), begun
    once ``_shared_layers`` (set up first: fixtures are set up in argument order) has opened
    the layers under it."""
    return _django_db_helper


def pytest_collection_modifyitems(items):
    layers.order_by_layers(items)


@pytest.fixture
def bundled(_layer_stack, db):
    """The bundled catalogue, loaded once per run (tests/layers.py): the loader's report."""
    return _layer_stack.value("bundled")


@pytest.fixture
def imported(_layer_stack, db):
    """The models.dev snapshot and its models.json imported over the bundled catalogue, once
    per run (tests/layers.py): the two import runs."""
    return _layer_stack.value("imported")
