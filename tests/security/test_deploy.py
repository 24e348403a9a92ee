"""SECURITY.md items 9 and 33: the production settings, checked in a separate process with portal.settings.prod
(the test process runs portal.settings.test)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 3600


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.prod", DJANGO_ALLOWED_HOSTS="hub.example.org")
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(extra)
    return env


def run(*args, **extra_env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], cwd=ROOT, env=production_env(**extra_env), capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def prod():
    """The production settings that matter here, as the production process sees them (PostgreSQL URL)."""
    names = [
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_DOMAIN",
        "CSRF_COOKIE_PATH",
        "SILENCED_SYSTEM_CHECKS",
        "DATABASES",
    ]
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = run("-c", script, DATABASE_URL="postgres://hub:secret@127.0.0.1:5432/hub")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deployment_checklist():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run("manage.py", "check", DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_hsts_lasts_at_least_a_year_and_plain_http_is_redirected(prod):
    assert prod["DEBUG"] is False
    assert prod["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True


@pytest.mark.parametrize("cookie", ["SESSION", "CSRF"])
def test_cookies_are_host_prefixed_secure_httponly_and_bound_to_the_host(prod, cookie):
    assert prod[f"{cookie}_COOKIE_NAME"].startswith("__Host-")
    assert prod[f"{cookie}_COOKIE_SECURE"] is True
    assert prod[f"{cookie}_COOKIE_HTTPONLY"] is True
    # __Host- cookies are dropped by browsers unless Path=/ and no Domain.
    assert prod[f"{cookie}_COOKIE_PATH"] == "/"
    assert prod[f"{cookie}_COOKIE_DOMAIN"] is None


def test_the_session_lasts_the_two_weeks_the_readme_documents(prod):
    assert prod["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod["SESSION_COOKIE_AGE"] == 14 * 24 * 3600
    assert "two weeks" in (ROOT / "README.md").read_text()


def test_postgresql_connections_fail_fast_and_queries_are_bounded(prod):
    database = prod["DATABASES"]["default"]

    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0
    assert database["OPTIONS"]["connect_timeout"] <= 5
    assert "-c statement_timeout=" in database["OPTIONS"]["options"]


def test_every_silenced_check_is_explained_in_the_readme(prod):
    readme = (ROOT / "README.md").read_text()

    assert all(check in readme for check in prod["SILENCED_SYSTEM_CHECKS"])


@pytest.mark.django_db
def test_a_foreign_host_header_gets_400(client):
    assert "evil.example" not in settings.ALLOWED_HOSTS
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
