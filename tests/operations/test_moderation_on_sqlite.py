"""A teacher submits resources for moderation over HTTP while the task worker writes to the same
SQLite file: every submission lands, none answers 500 («database is locked»).

The real processes of the one-machine install: ``runserver`` (threaded) and ``db_worker`` on one
database file with the shipped SQLite options; the teacher is an HTTP client with a session.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from .processes import ROOT, wait_for

SUBMISSIONS = 6


def _env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.operations.journey_settings",
        MAKTABA_JOURNEY_DB=str(directory / "db.sqlite3"),
        MAKTABA_JOURNEY_MEDIA=str(directory / "media"),
        MAKTABA_JOURNEY_INDEX=str(directory / "index"),
    )
    return env


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies kept by hand, forms posted with their CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: list[tuple[str, str]] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"localhost:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://localhost:{self.port}{path}"
            headers["Origin"] = f"http://localhost:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location") or "", text

    def token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def one_machine(tmp_path):
    env = _env(tmp_path)
    (tmp_path / "media").mkdir()
    _manage(env, "migrate", "--no-input")
    _manage(env, "setup_library")
    ids = _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "from django.core.files.base import ContentFile\n"
        "from wagtail.documents.models import Document\n"
        "from catalog.models import Level, LibraryIndexPage, Subject, Track\n"
        "from catalog.site_setup import TEACHERS\n"
        "u = User.objects.create_user('prof', password='journey-pass-123')\n"
        "u.groups.add(Group.objects.get(name=TEACHERS))\n"
        "docs = []\n"
        f"for n in range({SUBMISSIONS}):\n"
        "    d = Document(title=f'cours {n}', uploaded_by_user=u)\n"
        "    d.file.save(f'cours-{n}.pdf', ContentFile(b'%PDF-1.4\\n%%EOF\\n'), save=False)\n"
        "    d.save(); docs.append(str(d.pk))\n"
        "print(LibraryIndexPage.objects.get().pk, Subject.objects.get(slug='physique-chimie').pk,"
        " Level.objects.get(code='1BAC').pk, Track.objects.get(slug='sciences-experimentales').pk,"
        " ','.join(docs))\n",
    )
    library, subject, level, track, docs = ids.split()[-5:]
    port = _free_port()
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    browser = Browser(port)

    def up() -> bool:
        try:
            return browser.request("GET", "/admin/login/")[0] == 200
        except OSError:
            return False

    wait_for(up, 120, "the web server")
    yield (
        browser,
        tmp_path / "db.sqlite3",
        dict(library=library, subject=subject, level=level, track=track, docs=docs.split(",")),
    )
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_submissions_for_moderation_all_land_while_the_worker_writes(one_machine):
    browser, db, ids = one_machine
    _status, _location, login = browser.request("GET", "/admin/login/")
    status, location, _ = browser.request(
        "POST",
        "/admin/login/",
        [
            ("csrfmiddlewaretoken", browser.token(login)),
            ("username", "prof"),
            ("password", "journey-pass-123"),
            ("next", "/admin/"),
        ],
    )
    assert status == 302, "the teacher could not sign in"
    add = f"/admin/pages/add/catalog/resourcepage/{ids['library']}/"
    answers = []
    for n, document in enumerate(ids["docs"]):
        _status, _location, form = browser.request("GET", add)
        answers.append(
            browser.request(
                "POST",
                add,
                [
                    ("csrfmiddlewaretoken", browser.token(form)),
                    ("title", f"Travail et énergie {n}"),
                    ("slug", f"travail-energie-{n}"),
                    ("summary", "Cours et exercices."),
                    ("kind", "document"),
                    ("language", "fr"),
                    ("subject", ids["subject"]),
                    ("levels", ids["level"]),
                    ("tracks", ids["track"]),
                    ("tags", ""),
                    ("document", document),
                    ("body", '{"blocks": [], "entityMap": {}}'),
                    ("author_name", ""),
                    ("comments-TOTAL_FORMS", "0"),
                    ("comments-INITIAL_FORMS", "0"),
                    ("comments-MIN_NUM_FORMS", "0"),
                    ("comments-MAX_NUM_FORMS", "1000"),
                    ("action-submit", "1"),
                ],
            )[:2]
        )
    explorer = f"/admin/pages/{ids['library']}/"
    assert answers == [(302, explorer)] * SUBMISSIONS, answers

    def in_moderation() -> int:
        with sqlite3.connect(db, timeout=30) as connection:
            (count,) = connection.execute(
                "SELECT COUNT(*) FROM wagtailcore_workflowstate WHERE status = 'in_progress'"
            ).fetchone()
        return count == SUBMISSIONS

    wait_for(in_moderation, 30, "every submission in moderation")
    # The worker ran what the submissions made due (the search index) without a lock error.
    time.sleep(1)
    with sqlite3.connect(db, timeout=30) as connection:
        failed = connection.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
        ).fetchone()[0]
    assert failed == 0
