"""The production settings pass ``manage.py check --deploy`` with no warning, and HTTPS is
configurable for a proxy that terminates TLS."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "DJANGO_SETTINGS_MODULE": "library.settings.production",
    "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "maktaba.example.ma",
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(ENV, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(name: str, **env: str) -> str:
    result = run("shell", "-c", f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after "N objects imported automatically"


def test_check_deploy_is_clean_with_the_production_defaults():
    result = run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_and_the_https_redirect_are_on_by_default():
    assert setting("SECURE_HSTS_SECONDS") == str(365 * 24 * 3600)
    assert setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"
    assert setting("SECURE_SSL_REDIRECT") == "True"
    assert setting("SESSION_COOKIE_SECURE") == "True"
    assert setting("CSRF_COOKIE_SECURE") == "True"
    assert setting("X_FRAME_OPTIONS") == "DENY"


@pytest.mark.parametrize(
    ("variable", "value", "name", "expected"),
    [
        ("SECURE_HSTS_SECONDS", "600", "SECURE_HSTS_SECONDS", "600"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "False"),
        ("SECURE_HSTS_PRELOAD", "1", "SECURE_HSTS_PRELOAD", "True"),
        ("SECURE_SSL_REDIRECT", "0", "SECURE_SSL_REDIRECT", "False"),
        ("INSECURE_COOKIES", "1", "SESSION_COOKIE_SECURE", "False"),
    ],
)
def test_each_https_variable_is_read(variable, value, name, expected):
    assert setting(name, **{variable: value}) == expected


def test_preload_is_the_operators_choice_and_its_warning_returns_when_hsts_is_short():
    result = run("check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
