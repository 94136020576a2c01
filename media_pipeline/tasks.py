"""Background tasks on the ``media`` queue (Django's task API). Each is idempotent.

The one module of the pipeline that enqueues: ``jobs`` returns what became due (``jobs.Due``) and
``enqueue_due`` enqueues it once the transaction commits. The upload hook, the admin screens and
``process_media`` call ``enqueue_due`` and ``enqueue_stale_jobs`` too.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import jobs
from .local_files import remove_abandoned_work
from .media_settings import media_setting
from .transcode import remove_abandoned_partials


@task(queue_name="media")
def probe_media_asset(asset_id: int) -> list[int]:
    """Probe an upload, then enqueue one transcoding job per rung."""
    enqueue_stale_jobs()
    due = jobs.probe_asset(asset_id)
    enqueue_due(due)
    return due.jobs


@task(queue_name="media")
def run_transcode_job(job_id: int) -> str:
    """Make one rendition; retries and requeues are decided in ``jobs`` and enqueued here."""
    enqueue_stale_jobs()
    run = jobs.run_job(job_id)
    enqueue_due(run.due)
    return run.state


@task(queue_name="media")
def sweep_media_jobs() -> dict[str, int]:
    """Periodic: resume jobs whose worker died, hand out forgotten ones, drop dead partials and
    the temporary copies a killed worker left in ``WORK_DIR``."""
    requeued = enqueue_stale_jobs()
    lost = jobs.lost_queued_jobs()
    enqueue_due(jobs.Due(jobs=lost))
    idle = 2 * max(media_setting("STALL_SECONDS"), media_setting("STALE_AFTER_SECONDS"))
    return {
        "requeued": len(requeued),
        "handed_out": len(lost),
        "partials_removed": remove_abandoned_partials(idle),
        "copies_removed": remove_abandoned_work(idle),
    }


def enqueue_due(due: jobs.Due) -> None:
    """Enqueue what became due once the current transaction commits (at once outside one).

    A retry is enqueued for later only where the task backend can defer; elsewhere the sweep
    hands it out later.
    """
    for asset_id in due.probes:
        transaction.on_commit(lambda asset_id=asset_id: probe_media_asset.enqueue(asset_id))
    if due.retries and run_transcode_job.get_backend().supports_defer:
        for job_id, not_before in due.retries:
            later = run_transcode_job.using(run_after=not_before)
            transaction.on_commit(lambda later=later, job_id=job_id: later.enqueue(job_id))
    for job_id in due.jobs:
        transaction.on_commit(lambda job_id=job_id: run_transcode_job.enqueue(job_id))


def enqueue_stale_jobs() -> list[int]:
    """Put the jobs of dead workers back in the queue and enqueue them; return their ids."""
    requeued = jobs.requeue_stale_jobs()
    enqueue_due(requeued.due)
    return requeued.job_ids
