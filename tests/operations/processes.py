"""Real Maktaba processes on one database file, with production settings (for operations tests)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Stack:
    def __init__(self, directory: Path, template: Path):
        self.db = directory / "db.sqlite3"
        shutil.copy(template, self.db)
        self.media = directory / "media"
        self.media.mkdir()
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env_for(self.db, self.media),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return manage(self.db, self.media, *args, check=True)

    def run_with(self, extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
        """``manage.py ARGS`` once, with ``extra_env`` over the stack's environment."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env_for(self.db, self.media), **extra_env},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def rows(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def env_for(db: Path, media: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "TASKS_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.operations.recovery_settings",
        SECRET_KEY="r" * 20 + "-recovery-tests-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="localhost",
        DATABASE_URL=f"sqlite:///{db}",
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(media.parent / "static"),
        SECURE_SSL_REDIRECT="0",
    )
    return env


def manage(db: Path, media: Path, *args: str, check: bool) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env_for(db, media),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def wait_for(condition, timeout: float, what: str, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
