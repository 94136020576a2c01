"""Fixtures for the operations tests that run real Maktaba processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .processes import Stack, manage


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> Path:
    """One migrated database file, copied for each test (migrating takes a while)."""
    path = tmp_path_factory.mktemp("recovery-db") / "db.sqlite3"
    manage(path, path.parent / "media", "migrate", "--no-input", check=True)
    return path


@pytest.fixture
def stack(tmp_path, migrated):
    stack = Stack(tmp_path, migrated)
    yield stack
    stack.stop()
