"""``MAKTABA_TASK_TIMEOUTS``: the longest one task of each queue may run, in seconds.

RQ kills a job after it; on the database queue, a result still "running" after it is marked
abandoned (``library.tasks.fail_abandoned_task_results``). A queue not in the table gets
``default``'s.
"""

from __future__ import annotations

from typing import Any

from .app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # A transcode: twice the longest recording accepted by default (3 h) on a slow node.
    "media": 2 * 3 * 60 * 60 + 600,
    "default": 15 * 60,
    "search": 15 * 60,
    "mail": 15 * 60,
}

task_timeouts = AppSettings("MAKTABA_TASK_TIMEOUTS", DEFAULTS)


def task_timeout(queue_name: str) -> int:
    """Seconds one task of ``queue_name`` may run."""
    if queue_name in task_timeouts.configured() or queue_name in DEFAULTS:
        return int(task_timeouts(queue_name))
    return int(task_timeouts("default"))
