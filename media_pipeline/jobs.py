"""The life of an asset's jobs: probe, plan, claim, run, retry, requeue, and the asset's state.

Every function here is idempotent and safe to run twice or from two workers at once: a job is
claimed with a conditional UPDATE (queued → running), so only one worker runs it; a finished
job is never run again unless an operator asks for a retry.

Nothing here enqueues: a function that makes work due returns it as ``Due`` (assets to probe,
jobs to run now, retries to run later), and ``tasks.enqueue_due`` enqueues it once the caller's
transaction commits. So this module never imports ``tasks``, and ``tasks`` is the one module
that enqueues.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .ladder import HLS, Rung, plan_ladder
from .local_files import local_copy
from .media_settings import media_setting
from .messages import lazy_format
from .models import MediaAsset, TranscodeJob
from .probe import MISSING_FILE, ProbeRefused, ProbeResult, probe_file
from .transcode import TranscodeFailed, make_rung, sha256_of

logger = logging.getLogger("maktaba.media")


def uploader_language(asset: MediaAsset) -> str:
    """Messages are stored in the uploader's admin language, so they read them in their words."""
    if asset.uploaded_by_id:
        try:
            from wagtail.users.models import UserProfile

            return UserProfile.get_for_user(asset.uploaded_by).get_preferred_language()
        except Exception:  # a missing profile must never break processing
            logger.exception("no preferred language for user %s", asset.uploaded_by_id)
    from django.conf import settings

    # Outside a request this is the site's default language (Arabic).
    return translation.get_language() or settings.LANGUAGE_CODE


def _text(asset: MediaAsset, message) -> str:
    with translation.override(uploader_language(asset)):
        return str(message)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Due:
    """Work a call made due; ``tasks.enqueue_due`` enqueues it once the transaction commits."""

    probes: list[int] = field(default_factory=list)  # assets whose original is to be probed
    jobs: list[int] = field(default_factory=list)  # jobs to run as soon as possible
    # Jobs to run again once their backoff is over: (job id, not before).
    retries: list[tuple[int, datetime]] = field(default_factory=list)

    def add(self, other: Due) -> Due:
        self.probes += other.probes
        self.jobs += other.jobs
        self.retries += other.retries
        return self


class JobRun(NamedTuple):
    """What ``run_job`` did: the job's state afterwards, and the work that became due."""

    state: str
    due: Due


class Requeued(NamedTuple):
    """The jobs of dead workers put back in the queue, and the work that became due."""

    job_ids: list[int]
    due: Due


# --- probing and planning --------------------------------------------------------------------


def probe_asset(asset_id: int) -> Due:
    """Probe an uploaded asset, record what it is and create its jobs; return the jobs to run."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        return Due()
    if asset.state != MediaAsset.State.UPLOADED:
        # Already probed: hand back whatever is still waiting (idempotent).
        waiting = asset.jobs.filter(state=TranscodeJob.State.QUEUED)
        return Due(jobs=list(waiting.values_list("pk", flat=True)))
    try:
        with local_copy(asset.original) as original:  # a private copy when not on local disk
            probe = probe_file(original)
            checksum = sha256_of(original)
    except (ProbeRefused, FileNotFoundError) as error:
        refusal = error if isinstance(error, ProbeRefused) else ProbeRefused(MISSING_FILE)
        logger.info("asset %s refused: %s (%s)", asset.pk, refusal.message, refusal.detail)
        asset.state = MediaAsset.State.FAILED
        asset.error_message = _text(asset, refusal.message)
        asset.save(update_fields=["state", "error_message", "updated_at"])
        return Due()
    asset.kind = probe.kind
    asset.duration = probe.duration
    asset.width = probe.width
    asset.height = probe.height
    asset.frame_rate = probe.frame_rate
    asset.has_audio = probe.has_audio
    asset.original_size = probe.size
    asset.checksum = checksum
    asset.probe_summary = probe.summary()
    asset.probed_at = timezone.now()
    asset.state = MediaAsset.State.PROCESSING
    asset.error_message = ""
    with transaction.atomic():
        asset.save()
        for rung in plan_ladder(probe):
            TranscodeJob.objects.get_or_create(
                asset=asset, profile=rung.name, defaults={"required": rung.required}
            )
    due = update_asset_state(asset)
    # The HLS playlist packages the video rungs: it becomes due when they have settled.
    waiting = asset.jobs.filter(state=TranscodeJob.State.QUEUED).exclude(profile=HLS)
    return due.add(Due(jobs=list(waiting.values_list("pk", flat=True))))


def rung_for(job: TranscodeJob) -> Rung | None:
    probe = ProbeResult(**job.asset.probe_summary)
    return next((rung for rung in plan_ladder(probe) if rung.name == job.profile), None)


# --- running one job -------------------------------------------------------------------------


def claim(job_id: int, respect_backoff: bool = True) -> bool:
    """Move a queued job to running; False when someone else has it or it is not due."""
    now = timezone.now()
    queued = TranscodeJob.objects.filter(pk=job_id, state=TranscodeJob.State.QUEUED)
    if respect_backoff:
        queued = queued.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return bool(
        queued.update(
            state=TranscodeJob.State.RUNNING,
            attempts=F("attempts") + 1,
            progress=0,
            started_at=now,
            finished_at=None,
            heartbeat_at=now,
            next_attempt_at=None,
            worker=worker_name(),
        )
    )


def _video_jobs_settled(asset: MediaAsset) -> bool:
    video_profiles = [
        spec["name"] for spec in media_setting("LADDER") if spec.get("type") == "video"
    ]
    return not asset.jobs.filter(
        profile__in=video_profiles,
        state__in=[TranscodeJob.State.QUEUED, TranscodeJob.State.RUNNING],
    ).exists()


def run_job(job_id: int, respect_backoff: bool = True) -> JobRun:
    """Run one job if it can be claimed; return its state afterwards and what became due."""
    job = TranscodeJob.objects.select_related("asset").filter(pk=job_id).first()
    if job is None:
        return JobRun("missing", Due())
    if job.profile == HLS and not _video_jobs_settled(job.asset):
        return JobRun(job.state, Due())  # it becomes due again when the last video rung settles
    if not claim(job_id, respect_backoff):
        return JobRun(TranscodeJob.objects.get(pk=job_id).state, Due())
    job.refresh_from_db()
    asset = job.asset
    rung = rung_for(job)
    due = Due()
    try:
        if rung is None:
            raise TranscodeFailed(_("This conversion is no longer part of the ladder."))
        make_rung(asset, rung, on_progress=_progress_writer(job.pk))
    except TranscodeFailed as failure:
        due.add(_fail_or_retry(job, failure))
    except Exception as exc:  # unexpected: log with context, show a short apology
        logger.exception("job %s (asset %s, %s) crashed", job.pk, asset.pk, job.profile)
        failure = TranscodeFailed(
            lazy_format(_("Something went wrong on the server (reference %(ref)s)."), ref=job.pk),
            detail=repr(exc),
            transient=True,
        )
        due.add(_fail_or_retry(job, failure))
    else:
        TranscodeJob.objects.filter(pk=job.pk).update(
            state=TranscodeJob.State.DONE,
            progress=100,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            error_message="",
            error_detail="",
        )
    asset.refresh_from_db()
    due.add(update_asset_state(asset))
    return JobRun(TranscodeJob.objects.get(pk=job.pk).state, due)


def _progress_writer(job_id: int):
    """A progress callback that writes at most every few seconds (it is the heartbeat too)."""
    last = {"at": timezone.now(), "percent": -1}
    interval = timedelta(seconds=media_setting("HEARTBEAT_SECONDS"))

    def write(percent: int) -> None:
        now = timezone.now()
        if percent == last["percent"] and now - last["at"] < interval:
            return
        if now - last["at"] < interval and percent < 100 and percent - last["percent"] < 5:
            return
        last["at"], last["percent"] = now, percent
        TranscodeJob.objects.filter(pk=job_id, state=TranscodeJob.State.RUNNING).update(
            progress=percent, heartbeat_at=now
        )

    return write


def backoff_seconds(attempt: int) -> int:
    steps = media_setting("RETRY_BACKOFF_SECONDS") or [60]
    return int(steps[min(max(attempt, 1), len(steps)) - 1])


def _fail_or_retry(job: TranscodeJob, failure: TranscodeFailed) -> Due:
    """Queue the job again after a backoff if the failure is worth a retry, else fail it."""
    job.refresh_from_db()
    asset = job.asset
    now = timezone.now()
    logger.warning(
        "job %s (asset %s, %s) attempt %s failed: %s | %s",
        job.pk,
        asset.pk,
        job.profile,
        job.attempts,
        failure.message,
        failure.detail[-2000:],
    )
    if failure.transient and job.attempts < media_setting("MAX_ATTEMPTS"):
        delay = backoff_seconds(job.attempts)
        job.state = TranscodeJob.State.QUEUED
        job.next_attempt_at = now + timedelta(seconds=delay)
        job.error_message = _text(asset, failure.message)
        job.error_detail = failure.detail[-4000:]
        job.finished_at = now
        job.save()
        return Due(retries=[(job.pk, job.next_attempt_at)])
    job.state = TranscodeJob.State.FAILED
    job.error_message = _text(asset, failure.message)
    job.error_detail = failure.detail[-4000:]
    job.finished_at = now
    job.save()
    return Due()


# --- the asset's state -----------------------------------------------------------------------


def update_asset_state(asset: MediaAsset) -> Due:
    """Ready when every required job is done; failed when one of them failed for good.

    The HLS job is due once the last video rung has settled."""
    jobs = list(asset.jobs.all())
    if asset.state == MediaAsset.State.UPLOADED or not jobs:
        return Due()
    required = [job for job in jobs if job.required] or jobs
    failed = [job for job in required if job.state == TranscodeJob.State.FAILED]
    if all(job.is_done for job in required):
        state, message = MediaAsset.State.READY, ""
    elif failed:
        state, message = MediaAsset.State.FAILED, failed[0].error_message
    else:
        state, message = MediaAsset.State.PROCESSING, ""
    if (asset.state, asset.error_message) != (state, message):
        asset.state, asset.error_message = state, message
        asset.save(update_fields=["state", "error_message", "updated_at"])
    hls = next((job for job in jobs if job.profile == HLS), None)
    if hls and hls.state == TranscodeJob.State.QUEUED and _video_jobs_settled(asset):
        return Due(jobs=[hls.pk])
    return Due()


# --- operators' tools ------------------------------------------------------------------------


def requeue_stale_jobs() -> Requeued:
    """Jobs marked running whose worker stopped sending heartbeats go back to the queue."""
    limit = timezone.now() - timedelta(seconds=media_setting("STALE_AFTER_SECONDS"))
    stale = TranscodeJob.objects.filter(state=TranscodeJob.State.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True)
    )
    requeued: list[int] = []
    due = Due()
    for job in stale.select_related("asset"):
        failure = TranscodeFailed(
            _("The conversion was interrupted (the server stopped); it will be tried again."),
            detail=f"stale heartbeat from {job.worker} at {job.heartbeat_at}",
            transient=True,
        )
        # Only touch it if it is still the same stale run (another sweep may have got there).
        if TranscodeJob.objects.filter(pk=job.pk, state=TranscodeJob.State.RUNNING).update(
            state=TranscodeJob.State.QUEUED, next_attempt_at=None
        ):
            job.refresh_from_db()
            if job.attempts >= media_setting("MAX_ATTEMPTS"):
                job.state = TranscodeJob.State.FAILED
                job.error_message = _text(
                    job.asset,
                    _("The conversion was interrupted too many times and was given up."),
                )
            else:
                job.error_message = _text(job.asset, failure.message)
            job.error_detail = failure.detail
            job.save()
            logger.warning("requeued stale job %s (%s)", job.pk, failure.detail)
            if job.state == TranscodeJob.State.QUEUED:
                requeued.append(job.pk)
                due.jobs.append(job.pk)
            due.add(update_asset_state(job.asset))
    return Requeued(requeued, due)


def lost_queued_jobs(now=None) -> list[int]:
    """Queued jobs nobody has run for ``REQUEUE_LOST_AFTER_SECONDS``: their task may be lost.

    A queue that keeps nothing on disk (Redis restarted) forgets its tasks; the job rows do not.
    Each one returned is marked as handed out again now (``next_attempt_at``), so the next sweep
    waits another period before handing it out once more; running it twice is harmless, since
    only one worker can claim it.
    """
    now = now or timezone.now()
    limit = now - timedelta(seconds=media_setting("REQUEUE_LOST_AFTER_SECONDS"))
    waiting = TranscodeJob.objects.filter(state=TranscodeJob.State.QUEUED, queued_at__lte=limit)
    for column in ("next_attempt_at", "finished_at", "heartbeat_at"):
        waiting = waiting.filter(Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lte": limit}))
    handed_out = []
    for pk in waiting.values_list("pk", flat=True):
        if TranscodeJob.objects.filter(pk=pk, state=TranscodeJob.State.QUEUED).update(
            next_attempt_at=now
        ):
            handed_out.append(pk)
    if handed_out:
        logger.warning("handing out %s queued job(s) again: %s", len(handed_out), handed_out)
    return handed_out


def retry_job(job: TranscodeJob) -> Due:
    """An operator's retry: a failed job gets a fresh set of attempts."""
    updated = TranscodeJob.objects.filter(pk=job.pk, state=TranscodeJob.State.FAILED).update(
        state=TranscodeJob.State.QUEUED,
        attempts=0,
        progress=0,
        next_attempt_at=None,
        error_message="",
        error_detail="",
    )
    if not updated:
        return Due()
    asset = job.asset
    asset.refresh_from_db()
    return update_asset_state(asset).add(Due(jobs=[job.pk]))


def retry_asset(asset: MediaAsset) -> Due:
    """Retry every failed job of an asset, or the probe when the upload itself was refused."""
    if not asset.jobs.exists():
        MediaAsset.objects.filter(pk=asset.pk).update(
            state=MediaAsset.State.UPLOADED, error_message=""
        )
        return Due(probes=[asset.pk])
    due = Due()
    for job in asset.jobs.filter(state=TranscodeJob.State.FAILED):
        due.add(retry_job(job))
    return due


def reset_asset(asset: MediaAsset) -> None:
    """A new original: forget the old jobs and renditions and start again from the probe."""
    asset.renditions.all().delete()  # their files go with them (signals, on commit)
    asset.jobs.all().delete()
    MediaAsset.objects.filter(pk=asset.pk).update(
        state=MediaAsset.State.UPLOADED, error_message="", probe_summary={}
    )
