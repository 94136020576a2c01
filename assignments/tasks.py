"""Tasks of the assignments, and the only place in the app that hands work to the queue.

The periodic one is run by ``manage.py maktaba_scheduler`` (library/periodic.py).
"""

from __future__ import annotations

from django_tasks import task

from .retention import purge_ended_years


@task(queue_name="default")
def purge_ended_years_task() -> int:
    """Delete pupils' progress of the school years that have ended."""
    return purge_ended_years()
