"""Production settings: `check --deploy` is clean with the README's production variables."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x7#Qm2!vR9$kL4@pZ8^wN1&tY6*eB3(cJ5)hG0_dF-sA+uI=oP",
    "ALLOWED_HOSTS": "modelref.example",
    "CSRF_TRUSTED_ORIGINS": "https://modelref.example",
    "BEHIND_TLS_PROXY": "true",
    "TRUSTED_PROXY_COUNT": "1",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    # `check` never connects; a URL keeps the embedded server from starting.
    "DATABASE_URL": "postgres://modelref:unused@127.0.0.1:9/modelref",
}


def check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    # Only the production variables: nothing of the test run's environment leaks in.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="modelref.settings", **overrides)
    env = {key: value for key, value in env.items() if value != ""}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def production_check():
    return check_deploy()


def test_check_deploy_is_clean_with_production_variables(production_check):
    assert production_check.returncode == 0, production_check.stderr
    assert "System check identified no issues" in production_check.stdout


@pytest.mark.parametrize(
    ("unset", "warning"),
    [
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_SSL_REDIRECT", "security.W008"),
        ("SECURE_HSTS_PRELOAD", "security.W021"),
    ],
)
def test_each_https_switch_comes_from_the_environment(unset, warning):
    result = check_deploy(**{unset: ""})
    assert result.returncode != 0
    assert warning in result.stderr
