"""Production settings: a missing secret stops the start, and the deploy checks pass."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    environment = {k: v for k, v in environment.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        ALLOWED_HOSTS="safety.example.gov.cn",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        SECRET_KEY=None,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage(
        "check",
        ALLOWED_HOSTS="safety.example.gov.cn",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        SECRET_KEY="short",
    )
    assert result.returncode != 0
    assert "32+ characters" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-real-secret-" + "x9Kq2" * 10,
        ALLOWED_HOSTS="safety.example.gov.cn",
        DATABASE_URL="postgres://u@127.0.0.1/db",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_connections_and_checks_them_before_reuse():
    """After PostgreSQL restarts, a kept connection is replaced, not reused into an error
    (issue 22, "Faults survived")."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ALLOWED_HOSTS="safety.example.gov.cn",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        SECRET_KEY="x" * 50,
    )
    assert result.stdout.split()[-2:] == ["60", "True"], result.stderr


SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute('SHOW statement_timeout')\n"
    "    print(c.fetchone()[0])\n"
)


def server_database_url():
    """The PostgreSQL server of the tests, its always-present database ``postgres``."""
    url = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/x")
    return url.rsplit("/", 1)[0] + "/postgres"


def statement_timeout_of(web, **env):
    code = ("import config.wsgi\n" if web else "import django; django.setup()\n") + SHOW_TIMEOUT
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_PROCESS")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 40,
        ALLOWED_HOSTS="safety.example.gov.cn",
        DATABASE_URL=server_database_url(),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_web_process_statements_are_cancelled_after_25_seconds_by_default():
    assert statement_timeout_of(web=True) == "25s"


def test_the_web_process_timeout_is_set_by_the_environment():
    assert statement_timeout_of(web=True, DB_STATEMENT_TIMEOUT_WEB="1500") == "1500ms"


def test_the_worker_and_commands_have_no_statement_timeout_unless_configured():
    assert statement_timeout_of(web=False) == "0"
    assert statement_timeout_of(web=False, DB_STATEMENT_TIMEOUT_OTHER="600000") == "10min"
