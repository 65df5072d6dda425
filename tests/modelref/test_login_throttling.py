"""Admin login throttling (django-axes): locked out after N wrong passwords, logged for editors."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def login(client, password, username="editor", address="198.51.100.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_locked_out_after_n_failures_even_with_the_right_password(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = login(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    response = login(client, "wrong")
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "After 3 wrong passwords for “editor”" in response.text
    assert "locked for 30 minutes" in response.text
    # The right password no longer logs in from there.
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_client_and_lifts_when_the_attempt_is_deleted(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    login(client, "wrong")
    assert login(client, "wrong").status_code == 429
    # Another client logs in as usual.
    other = login(Client(), PASSWORD, address="203.0.113.5")
    assert other.status_code == 302
    AccessAttempt.objects.all().delete()
    assert login(client, PASSWORD).status_code == 302


def test_a_success_under_the_limit_resets_the_count(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login(client, "wrong")
    login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    login(client, "wrong")
    login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_editors_see_the_login_log_in_the_admin(editor_client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    login(Client(), "wrong", username="mallory", address="192.0.2.66")
    assert AccessLog.objects.filter(username="editor").exists()  # editor_client's login
    response = editor_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "mallory" in response.text and "192.0.2.66" in response.text
    assert editor_client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
