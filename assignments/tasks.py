"""Tasks of the assignments, and the only place in the app that hands work to the queue.

The periodic one is run by ``manage.py maktaba_scheduler`` (library/periodic.py); an
assignment's pack is built on the worker (queue ``default``) when a pupil or teacher asks for it.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import notices
from .retention import purge_ended_years


@task(queue_name="default")
def purge_ended_years_task() -> int:
    """Delete pupils' progress of the school years that have ended."""
    return purge_ended_years()


@task(queue_name="default")
def build_assignment_pack_task(assignment_id: int, listen: bool) -> str | None:
    """Build the current pack of an assignment; its stored name, or ``None`` when there is
    nothing to build (withdrawn, no lesson ready, over the limit)."""
    from catalog.offline.packs import build, clear_building

    from .models import Assignment
    from .offline_packs import pack_of_assignment

    assignment = Assignment.objects.filter(pk=assignment_id, state=Assignment.State.ACTIVE).first()
    if assignment is None:
        return None
    pack = pack_of_assignment(assignment, listen=listen)
    try:
        if not pack.files or pack.too_large:
            return None
        return build(pack)
    finally:
        clear_building(pack)


def enqueue_assignment_pack_build(pack, assignment, listen: bool) -> None:
    """Have the pack built by the worker once the current transaction commits."""
    from catalog.offline.packs import mark_building

    mark_building(pack)
    transaction.on_commit(lambda: build_assignment_pack_task.enqueue(assignment.pk, listen))


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
