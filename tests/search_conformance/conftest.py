"""Collect the conformance suite only under its own settings (see settings.py)."""

import os

if os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.search_conformance.settings":
    collect_ignore_glob = ["test_*.py"]
