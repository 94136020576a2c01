"""Only the tasks modules enqueue: no other module of the apps calls ``<task>.enqueue(...)``.

The import contracts (``.importlinter``) keep services from importing tasks; this also keeps the
modules allowed to import them (signals, admin views, commands) from enqueuing on their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("library", "catalog", "media_pipeline", "portal_auth", "assignments")
# The outbox is a task backend (it forwards what others enqueue). The others are the exceptions
# docs/architecture.md lists: in search the backend that enqueues its own index writes and the many-to-many hook that
# enqueues modelsearch's task.
EXCEPTIONS = {
    "library/task_outbox.py",
    "library/search/signals.py",
}


def enqueue_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "enqueue"
    ]


def test_only_tasks_modules_enqueue():
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if path.name == "tasks.py" or name in EXCEPTIONS or "/migrations/" in name:
                continue
            if lines := enqueue_calls(path):
                found[name] = lines
    assert found == {}


def test_the_exceptions_still_enqueue():
    """An exception whose module stopped enqueueing is removed from the list."""
    assert all(enqueue_calls(ROOT / name) for name in EXCEPTIONS)
