"""Tasks of the assignments, and the only place in the app that hands work to the queue.

The periodic one is run by ``manage.py maktaba_scheduler`` (library/periodic.py).
"""

from __future__ import annotations

from django_tasks import task

from . import notices
from .retention import purge_ended_years


@task(queue_name="default")
def purge_ended_years_task() -> int:
    """Delete pupils' progress of the school years that have ended."""
    return purge_ended_years()


@task(queue_name="mail")
def notify_new_assignment_task(assignment_id: int) -> int:
    """Tell the pupils and families of the assignment's classes (those not told yet)."""
    return len(notices.new_assignment(assignment_id))


@task(queue_name="mail")
def notify_due_tomorrow_task() -> int:
    """Periodic: remind pupils and families of the homework due tomorrow (once per due date)."""
    return len(notices.due_tomorrow())


def enqueue_new_assignment(assignment_id: int) -> None:
    """Hand a saved assignment's notices to the queue (its signal calls this on commit)."""
    notify_new_assignment_task.enqueue(assignment_id)
