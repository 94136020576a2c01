"""Background tasks on the ``media`` queue (Django's task API). Each is idempotent."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import jobs
from .media_settings import media_setting
from .transcode import remove_abandoned_partials


@task(queue_name="media")
def probe_media_asset(asset_id: int) -> list[int]:
    """Probe an upload, then enqueue one transcoding job per rung."""
    jobs.requeue_stale_jobs()
    job_ids = jobs.probe_asset(asset_id)
    for job_id in job_ids:
        transaction.on_commit(lambda job_id=job_id: run_transcode_job.enqueue(job_id))
    return job_ids


@task(queue_name="media")
def run_transcode_job(job_id: int) -> str:
    """Make one rendition; retries and requeues are handled in ``jobs``."""
    jobs.requeue_stale_jobs()
    return jobs.run_job(job_id)


@task(queue_name="media")
def sweep_media_jobs() -> dict[str, int]:
    """Periodic: resume jobs whose worker died, hand out forgotten ones, drop dead partials."""
    requeued = jobs.requeue_stale_jobs()
    lost = jobs.lost_queued_jobs()
    for job_id in lost:
        transaction.on_commit(lambda job_id=job_id: run_transcode_job.enqueue(job_id))
    idle = 2 * max(media_setting("STALL_SECONDS"), media_setting("STALE_AFTER_SECONDS"))
    return {
        "requeued": len(requeued),
        "handed_out": len(lost),
        "partials_removed": remove_abandoned_partials(idle),
    }
