"""An RQ task backend that never loses a task when Redis is away: it keeps it in the database.

The request that enqueued the task goes on (the upload is saved, the page is published); the
task waits in ``OutboxTask`` and the scheduler hands it to RQ on its next tick once Redis answers
(``library.tasks.flush_outbox``). Identical waiting tasks are kept once: every Maktaba task is
idempotent, so running one of them once is what running all of them would have done.
"""

from __future__ import annotations

import logging

from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .models import OutboxTask

logger = logging.getLogger("maktaba.tasks")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class OutboxRQBackend(RQBackend):
    """django-tasks' RQ backend, with the database as a waiting room while Redis is down."""

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        try:
            return self.enqueue_now(task, args, kwargs)
        except UNREACHABLE as error:
            row = keep(task, list(args), dict(kwargs), self.alias, error)
            return TaskResult(
                task=task,
                id=f"outbox-{row.pk}",
                status=TaskResultStatus.READY,
                enqueued_at=None,
                started_at=None,
                last_attempted_at=None,
                finished_at=None,
                args=list(args),
                kwargs=dict(kwargs),
                backend=self.alias,
                errors=[],
                worker_ids=[],
            )

    def enqueue_now(self, task: Task, args, kwargs) -> TaskResult:
        """Hand the task to RQ; raises when Redis cannot be reached."""
        return super().enqueue(task, args, kwargs)


def keep(task: Task, args: list, kwargs: dict, backend: str, error: BaseException) -> OutboxTask:
    arguments = {"args": args, "kwargs": kwargs}
    waiting = OutboxTask.objects.filter(
        task_path=task.module_path, queue_name=task.queue_name, run_after=task.run_after
    )
    for row in waiting:
        if row.args_kwargs == arguments:
            return row
    row = OutboxTask.objects.create(
        task_path=task.module_path,
        queue_name=task.queue_name,
        priority=task.priority,
        run_after=task.run_after,
        args_kwargs=arguments,
        backend_name=backend,
        last_error=f"{type(error).__name__}: {error}"[:500],
    )
    logger.warning(
        "queue unreachable (%s): %s kept in the database until it answers", error, task.module_path
    )
    return row
