"""The embedded SQLite database under real concurrent writers: never "database is locked".

Several processes each run many short read-then-write transactions on one database file, as the
web server, Wagtail's autosave and the worker do. With the shipped ``SQLITE_OPTIONS`` every
transaction commits and no increment is lost; with SQLite's defaults (deferred transactions, a
rollback journal) the same load fails, which shows the test can tell the two apart.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from library.settings.base import BASE_DIR, SQLITE_OPTIONS

PROCESSES = 5
TRANSACTIONS = 60

WRITER = textwrap.dedent(
    """
    import json, sys, time
    import django
    from django.conf import settings

    path, options, count, start_at = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}},
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()
    from django.db import OperationalError, connection, transaction

    while time.time() < start_at:
        time.sleep(0.001)
    errors = []
    for _ in range(count):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    (value,) = cursor.fetchone()
                    cursor.execute("INSERT INTO revision (body) VALUES (%s)", ["x" * 2000])
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except OperationalError as error:
            errors.append(str(error))
    print(json.dumps(errors))
    """
)


def _run(tmp_path: Path, options: dict) -> tuple[int, list[str]]:
    import sqlite3
    import time

    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as db:
        # `migrate` creates the database through the same options, so it is already in the mode
        # they ask for (journal_mode persists in the file) when the processes start.
        for pragma in options.get("init_command", "").split(";"):
            if "journal_mode" in pragma:
                db.execute(pragma)
        db.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        db.execute("CREATE TABLE revision (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        db.execute("INSERT INTO counter VALUES (1, 0)")
    start_at = time.time() + 3
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                json.dumps(options),
                str(TRANSACTIONS),
                str(start_at),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(PROCESSES)
    ]
    errors: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        errors.extend(json.loads(out))
    with sqlite3.connect(path) as db:
        (value,) = db.execute("SELECT value FROM counter WHERE id = 1").fetchone()
    return value, errors


def test_shipped_options_commit_every_concurrent_transaction(tmp_path):
    value, errors = _run(tmp_path, SQLITE_OPTIONS)
    assert errors == []
    assert value == PROCESSES * TRANSACTIONS


def test_sqlite_defaults_fail_under_the_same_load(tmp_path):
    value, errors = _run(tmp_path, {"timeout": 20})
    assert any("locked" in error for error in errors)
    assert value < PROCESSES * TRANSACTIONS


def test_production_keeps_the_options_for_a_sqlite_database_url(monkeypatch):
    code = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "library.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite:////tmp/maktaba-options-test.sqlite3",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == SQLITE_OPTIONS
