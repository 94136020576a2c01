"""The scheduler's side of the task queue: enqueue what is due, and tidy the queue's own rows.

``enqueue_due`` is what ``manage.py maktaba_scheduler`` calls on every tick. A run the queue
refuses (Redis down, say) is logged, kept on the run's row and tried again shortly; it is never
dropped silently.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from . import periodic
from .task_timeouts import task_timeout

logger = logging.getLogger("maktaba.periodic")


def flush_outbox(limit: int = 1000) -> int:
    """Hand the tasks kept while Redis was away to the queue; returns how many went."""
    from .models import OutboxTask
    from .task_outbox import UNREACHABLE, OutboxRQBackend

    sent = 0
    with transaction.atomic():
        rows = OutboxTask.objects.select_for_update(skip_locked=True).order_by("created_at", "pk")
        for row in rows[:limit]:
            task = import_string(row.task_path).using(
                queue_name=row.queue_name, priority=row.priority, run_after=row.run_after
            )
            backend = task.get_backend()
            enqueue = backend.enqueue_now if isinstance(backend, OutboxRQBackend) else None
            try:
                if enqueue is None:
                    backend.enqueue(task, row.args_kwargs["args"], row.args_kwargs["kwargs"])
                else:
                    enqueue(task, row.args_kwargs["args"], row.args_kwargs["kwargs"])
            except UNREACHABLE as error:  # still away: keep the rest for the next tick
                OutboxTask.objects.filter(pk=row.pk).update(
                    last_error=f"{type(error).__name__}: {error}"[:500]
                )
                break
            row.delete()
            sent += 1
    if sent:
        logger.warning("handed %s task(s) kept while the queue was away to the queue", sent)
    return sent


def enqueue_due() -> list[str]:
    """Enqueue every periodic task that is due; returns the names enqueued."""
    flush_outbox()
    enqueued = []
    for entry in periodic.claim_due():
        try:
            import_string(entry.task).enqueue()
        except Exception as error:  # the queue is down or refused: retry soon, say why
            logger.error("periodic %s: could not enqueue %s: %s", entry.name, entry.task, error)
            periodic.record_failure(entry, error)
        else:
            periodic.record_success(entry)
            enqueued.append(entry.name)
    return enqueued


@task(queue_name="default")
def fail_abandoned_task_results() -> int:
    """Database-queue results still "running" long after any run could last: their worker died.

    They are marked failed with the reason, so the task list tells the truth; the work itself is
    resumed by its own sweep (a transcode by its heartbeat, a delivery by its claim's age).
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    failed = 0
    for queue_name in settings.TASKS["default"].get("QUEUES", ["default"]):
        timeout = task_timeout(queue_name)
        limit = now - timedelta(seconds=timeout)
        failed += DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, queue_name=queue_name, started_at__lt=limit
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="library.tasks.AbandonedTask",
            traceback=(
                f"The worker stopped while running this task (no result after "
                f"{timeout} s); its work is resumed by Maktaba's periodic sweeps."
            ),
        )
    if failed:
        logger.warning("marked %s abandoned task result(s) failed", failed)
    return failed


class AbandonedTask(Exception):
    """The worker running a task stopped without recording its result."""
