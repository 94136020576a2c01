"""Tasks of the portal, and the only place in it that hands work to the queue.

Periodic ones are run by ``manage.py maktaba_scheduler`` (library/periodic.py).
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from .desk.notifications import send_pending_notifications
from .importers import runs
from .privacy.retention import purge_expired_records

logger = logging.getLogger("maktaba.portal.imports")


@task(queue_name="mail")
def send_pending_notifications_task() -> int:
    """Hand the e-mail of every notification still pending to the mail queue again."""
    return send_pending_notifications()


@task(queue_name="default")
def purge_expired_records_task() -> dict[str, int]:
    """Delete records past their retention (security events, finished codes, old sessions,
    expired throttling counters, old import runs and their files)."""
    return asdict(purge_expired_records())


@task(queue_name="default")
def check_import_task(run_id: int) -> str:
    """Check a staff import's file (a dry run in the worker); idempotent."""
    run = runs.check_run(run_id)
    return run.status if run else "nothing to do"


@task(queue_name="default")
def write_import_task(run_id: int) -> str:
    """Write a confirmed staff import, all or nothing, at most once; idempotent."""
    run = runs.write_run(run_id)
    return run.status if run else "nothing to do"


@task(queue_name="default")
def sweep_import_runs_task() -> dict[str, int]:
    """Periodic: hand out again the import steps whose worker stopped or whose task was lost,
    failing those tried too often."""
    result = runs.sweep_runs()
    for run_id in result.checks:
        enqueue_check(run_id)
    for run_id in result.writes:
        enqueue_write(run_id)
    return {"checks": len(result.checks), "writes": len(result.writes), "failed": result.failed}


def enqueue_check(run_id: int) -> None:
    """Hand a stored run's check to the worker. The run's row is already committed (staff
    views run in autocommit); a refused enqueue is logged and the sweep hands it out later."""
    try:
        check_import_task.enqueue(run_id)
    except Exception:
        logger.exception("import run %s: the queue refused the check; the sweep will retry", run_id)


def enqueue_write(run_id: int) -> None:
    """Hand a confirmed run's import to the worker (same promise as ``enqueue_check``)."""
    try:
        write_import_task.enqueue(run_id)
    except Exception:
        logger.exception(
            "import run %s: the queue refused the import; the sweep will retry", run_id
        )
