"""A pytest plugin for ``mutation_test.py``: which tests run which lines of one module.

Loaded with ``-p mutation_lines`` (``scripts/`` on ``PYTHONPATH``) during the unmutated run.
``MUTATION_TARGET`` names the module's file; the map ``{line: [test node ids]}`` is written as
JSON to ``MUTATION_LINES``. Only the module's own frames are traced, in the main thread and in
threads it starts, so the run stays close to its usual speed. Lines run in child processes are
not seen: a mutant whose chosen tests all pass is run again against every test before it counts
as a survivor, so a missed line costs time, never a wrong score.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest

_TARGET = os.path.realpath(os.environ.get("MUTATION_TARGET", ""))
_OUTPUT = os.environ.get("MUTATION_LINES", "")
_lines: dict[int, set[str]] = {}
_current = {"test": ""}
_is_target: dict[str, bool] = {}


def _local(frame, event, arg):
    if event == "line" and _current["test"]:
        _lines.setdefault(frame.f_lineno, set()).add(_current["test"])
    return _local


def _global(frame, event, arg):
    name = frame.f_code.co_filename
    known = _is_target.get(name)
    if known is None:
        known = _is_target[name] = os.path.realpath(name) == _TARGET
    if known:
        if _current["test"]:
            _lines.setdefault(frame.f_lineno, set()).add(_current["test"])
        return _local
    return None


def pytest_configure(config: pytest.Config) -> None:
    if _TARGET and _OUTPUT:
        sys.settrace(_global)
        threading.settrace(_global)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    _current["test"] = item.nodeid
    yield
    _current["test"] = ""


def pytest_unconfigure(config: pytest.Config) -> None:
    if _TARGET and _OUTPUT:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]
        Path(_OUTPUT).write_text(
            json.dumps({str(line): sorted(tests) for line, tests in sorted(_lines.items())})
        )
