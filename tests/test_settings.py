"""Settings come from the environment and refuse to start wrong."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from medsite.settings import env_bool
from tests.conftest import ROOT


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="medsite.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_is_refused_when_debug_is_off():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "raw, expected", [("1", True), ("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_env_bool_reads_plain_words(raw, expected, monkeypatch):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


def test_env_bool_refuses_ambiguous_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("X_FLAG", False)


def test_database_url_selects_the_engine():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://user@127.0.0.1:1/none",
    )
    assert result.stdout.strip().splitlines()[-1] == "postgresql"


def test_the_port_comes_from_PORT(tmp_path):
    script = "from django.conf import settings; print(settings.MEDSITE_PORT)"
    database = f"sqlite:///{tmp_path / 'port.sqlite3'}"
    result = manage("shell", "-c", script, DJANGO_DEBUG="1", DATABASE_URL=database, PORT="8101")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "8101"


def test_a_port_that_is_no_number_is_refused():
    result = manage("check", DJANGO_DEBUG="1", PORT="eighty")
    assert result.returncode != 0
    assert "PORT='eighty' is not a whole number" in result.stderr
