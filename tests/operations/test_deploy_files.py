"""The files an operator installs from ``deploy/`` stay true to the settings and to README."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PRODUCTION = ROOT / "library" / "settings" / "production.py"
MEDIA_STORAGE = ROOT / "library" / "settings" / "media_storage.py"


def variables_read_by_production_settings() -> set[str]:
    source = PRODUCTION.read_text() + MEDIA_STORAGE.read_text()
    pattern = (
        r"(?:(?:os\.)?environ(?:\.get)?\(|os\.environ\[|required\(|needed\(|"
        r'whole_seconds\(\s*(?:os\.)?environ,)\s*"([A-Z][A-Z0-9_]*)"'
    )
    storage_pairs = r'\(\s*"(AWS_[A-Z0-9_]*)",'  # media_storage.py's (variable, option) table
    return set(re.findall(pattern, source)) | set(re.findall(storage_pairs, source))


def variables_in_example() -> set[str]:
    lines = (DEPLOY / "maktaba.env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line)}


def test_the_example_environment_lists_every_variable_production_reads():
    read = variables_read_by_production_settings()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "X_ACCEL_REDIRECT_PREFIX", "REDIS_URL"} <= read
    assert read - variables_in_example() == set()


def test_the_example_environment_lists_every_gunicorn_variable():
    source = (DEPLOY / "gunicorn.conf.py").read_text()
    used = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    assert used and used - variables_in_example() == set()


def test_production_reads_the_proxy_variables(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="library.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="maktaba.example.ma",
        X_ACCEL_REDIRECT_PREFIX="/protected-media/",
        TRUSTED_PROXY_COUNT="1",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from media_pipeline.media_settings import media_setting; "
        "from portal_auth.conf import portal_setting; "
        "print(media_setting('X_ACCEL_REDIRECT_PREFIX'), portal_setting('TRUSTED_PROXY_COUNT'), "
        "s.MAKTABA_SEARCH['INDEX_DIR'], s.MAKTABA_SEARCH['PAGE_SIZE'], s.SENDFILE_BACKEND, "
        "s.WAGTAILDOCS_SERVE_METHOD)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "/protected-media/",
        "1",
        str(tmp_path / "index"),
        "20",
        "media_pipeline.accel_redirect",
        "serve_view",
    ]


def test_gunicorn_runs_at_least_two_workers(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "1")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] == 2
    monkeypatch.setenv("GUNICORN_WORKERS", "0")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] >= 2


def test_the_worker_and_scheduler_units_run_the_documented_commands():
    readme = (ROOT / "README.md").read_text()
    assert "manage.py rqworker --with-scheduler default media search mail" in readme
    command = (
        r"manage\.py rqworker --with-scheduler --job-class django_tasks_rq\.Job "
        r"default media search mail"
    )
    worker = (DEPLOY / "systemd" / "maktaba-rqworker@.service").read_text()
    assert re.search(rf"^ExecStart=\S+/python {command}$", worker, re.M)
    stack = (ROOT / "scripts" / "production_stack.sh").read_text()
    assert "rqworker --with-scheduler \\\n      --job-class django_tasks_rq.Job" in stack
    scheduler = (DEPLOY / "systemd" / "maktaba-scheduler.service").read_text()
    assert re.search(r"^ExecStart=\S+/python manage\.py maktaba_scheduler$", scheduler, re.M)
    for unit in (DEPLOY / "systemd").glob("*.service"):
        assert "EnvironmentFile=/etc/maktaba/maktaba.env" in unit.read_text(), unit.name


def test_the_nginx_site_exposes_no_media_but_image_renditions():
    site = (DEPLOY / "nginx" / "maktaba.conf").read_text()
    media_locations = re.findall(r"location (\S+) \{([^}]*)\}", site)
    served = {path: body for path, body in media_locations if "alias @MEDIA_ROOT@" in body}
    assert set(served) == {"/media/images/", "/protected-media/"}
    assert "internal;" in served["/protected-media/"]
    assert "return 404;" in dict(media_locations)["/media/"]
