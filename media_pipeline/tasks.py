"""Background tasks on the ``media`` queue (Django's task API). Each is idempotent."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import jobs


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
