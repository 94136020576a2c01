"""The limit holds under concurrency: 24 processes firing wrong sign-ins at the same instant at
one account get exactly ``ACCOUNT_FAILURES`` attempts checked, on every store Maktaba runs with.

Real processes (``throttle_race``), real Redis (database 5 belongs to these tests), a real SQLite
file as the embedded default runs it (with the file cache next to it), and the PostgreSQL test
database when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/5"
PROCESSES = 24
LIMIT = 5


def race(database: dict, cache: dict, portal: dict, *extra: str) -> dict[str, int]:
    spec = {"database": database, "cache": cache, "portal": {"ACCOUNT_FAILURES": LIMIT, **portal}}
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "tests.portal_auth.throttle_race_settings"
    env["MAKTABA_THROTTLE_RACE"] = json.dumps(spec, default=str)
    identifier = f"Z{uuid.uuid4().int % 10**9:09d}"
    result = subprocess.run(
        [sys.executable, "-m", "tests.portal_auth.throttle_race", str(PROCESSES), identifier]
        + list(extra),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["checked"] + outcome["refused"] == PROCESSES
    return outcome


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()


def test_redis_counters_let_exactly_the_limit_through(tmp_path, redis_db):
    outcome = race(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "unused.sqlite3")},
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        {"THROTTLE_STORE": "cache"},
    )
    assert outcome["checked"] == LIMIT, outcome


def test_database_counters_on_a_sqlite_file_let_exactly_the_limit_through(tmp_path):
    outcome = race(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "embedded.sqlite3"),
            "OPTIONS": settings.SQLITE_OPTIONS,  # as the embedded default runs it
        },
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
        {},  # the embedded default: no store named
        "--create-table",
    )
    assert outcome["checked"] == LIMIT, outcome


@pytest.mark.postgres
@pytest.mark.django_db  # the test database exists and is migrated; the racers commit their own
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the suite runs on SQLite")
def test_database_counters_on_postgresql_let_exactly_the_limit_through(tmp_path):
    database = connection.settings_dict
    outcome = race(
        {key: database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
        {"THROTTLE_STORE": "database"},
    )
    assert outcome["checked"] == LIMIT, outcome
