"""Periodic work: which runs are due, and what each sweep hands out again (in one process).

The same machinery under real processes (two schedulers, a worker killed with ``kill -9``) is in
``test_worker_recovery.py``.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookDelivery
from catalog.ebook.sending import resume_interrupted
from library import periodic
from library.models import PeriodicRun
from library.tasks import fail_abandoned_task_results
from media_pipeline import jobs
from media_pipeline.models import TranscodeJob
from media_pipeline.transcode import RENDITIONS_DIR, remove_abandoned_partials
from tests.factories.ebook import chapter, make_ebook
from tests.factories.media import make_asset
from tests.media_pipeline.samples import make_video

pytestmark = pytest.mark.django_db

Status = EBookDelivery.Status


def test_a_due_run_is_handed_to_one_caller_and_due_again_after_its_interval(settings):
    settings.MAKTABA_PERIODIC = {"media-sweep": 60, "retention": 0}
    now = timezone.now()
    first = periodic.claim_due(now)
    assert [entry.name for entry in first] == ["media-sweep"]  # retention is off (0)
    assert periodic.claim_due(now) == []  # a second scheduler at the same moment gets nothing
    assert periodic.claim_due(now + timedelta(seconds=59)) == []
    again = periodic.claim_due(now + timedelta(seconds=60))
    assert [entry.name for entry in again] == ["media-sweep"]
    run = PeriodicRun.objects.get(name="media-sweep")
    assert run.next_run_at == now + timedelta(seconds=120)


def test_a_refused_run_keeps_its_reason_and_is_due_again_soon(settings):
    settings.MAKTABA_PERIODIC = {"retention": 86400}
    (entry,) = periodic.claim_due()
    periodic.record_failure(entry, ConnectionError("Error 111 connecting to 127.0.0.1:1."))
    run = PeriodicRun.objects.get(name="retention")
    assert "ConnectionError" in run.last_error and "127.0.0.1:1" in run.last_error
    assert run.next_run_at <= timezone.now() + timedelta(seconds=30)
    periodic.record_success(entry)
    assert PeriodicRun.objects.get(name="retention").last_error == ""


def test_the_scheduler_sleeps_until_the_next_run_but_never_past_a_minute(settings):
    settings.MAKTABA_PERIODIC = {"media-sweep": 20, "retention": 86400}
    assert periodic.seconds_until_next() == 0  # nothing recorded yet: due now
    now = timezone.now()
    periodic.claim_due(now)
    assert 19 <= periodic.seconds_until_next(now) <= 20
    settings.MAKTABA_PERIODIC = {"retention": 86400}
    assert periodic.seconds_until_next(now) == 60


@pytest.fixture
def asset(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media-root"
    return make_asset(make_video(tmp_path / "lesson.mp4", seconds=1))


def _job(asset, profile: str, state: str, age_seconds: float, **fields) -> TranscodeJob:
    job = TranscodeJob.objects.create(asset=asset, profile=profile, state=state, **fields)
    then = timezone.now() - timedelta(seconds=age_seconds)
    TranscodeJob.objects.filter(pk=job.pk).update(queued_at=then)
    return job


def test_queued_jobs_nobody_ran_are_handed_out_again_once_per_period(asset, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "REQUEUE_LOST_AFTER_SECONDS": 600}
    forgotten = _job(asset, "240p", TranscodeJob.State.QUEUED, 601)
    recent = _job(asset, "360p", TranscodeJob.State.QUEUED, 599)
    future = timezone.now() + timedelta(seconds=120)
    backing_off = _job(asset, "480p", TranscodeJob.State.QUEUED, 3600, next_attempt_at=future)
    _job(asset, "audio", TranscodeJob.State.RUNNING, 3600)
    _job(asset, "poster", TranscodeJob.State.DONE, 3600)
    retried_lately = _job(asset, "hls", TranscodeJob.State.QUEUED, 3600, finished_at=timezone.now())
    assert jobs.lost_queued_jobs() == [forgotten.pk]
    assert jobs.lost_queued_jobs() == []  # marked as handed out: not again before a period
    later = timezone.now() + timedelta(seconds=601)
    assert set(jobs.lost_queued_jobs(later)) == {
        forgotten.pk,
        recent.pk,
        retried_lately.pk,
    }
    assert backing_off.pk not in jobs.lost_queued_jobs(timezone.now())


def test_partials_left_by_a_killed_worker_are_removed_and_live_ones_kept(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    renditions = tmp_path / RENDITIONS_DIR
    (renditions / "hls" / ".partial-dead").mkdir(parents=True)
    (renditions / "hls" / ".partial-live").mkdir()
    old = time.time() - 3600
    files = {
        "dead": renditions / ".partial-aaa.mp4",
        "live": renditions / ".partial-bbb.mp4",
        "kept": renditions / "0123abcd.mp4",
        "dead-segment": renditions / "hls" / ".partial-dead" / "seg0.ts",
        "live-segment": renditions / "hls" / ".partial-live" / "seg0.ts",
    }
    for path in files.values():
        path.write_bytes(b"x")
    for name in ("dead", "kept", "dead-segment"):
        os.utime(files[name], (old, old))
    os.utime(renditions / "hls" / ".partial-dead", (old, old))
    os.utime(renditions / "hls" / ".partial-live", (old, old))  # its segment is fresh
    assert remove_abandoned_partials(600) == 2
    assert not files["dead"].exists() and not (renditions / "hls" / ".partial-dead").exists()
    assert files["live"].exists() and files["kept"].exists() and files["live-segment"].exists()


@pytest.fixture
def build(site_tree):
    page = make_ebook(site_tree[0], chapters=[chapter("مقدمة", ("text", "<p>نص.</p>"))])
    return build_ebook(page)


def _delivery(build, n: int, status: str, age_seconds: float, attempts: int = 1):
    delivery = EBookDelivery.objects.create(
        build=build,
        recipient_key=f"user:{n}",
        email=f"d{n}@schools.example.ma",
        status=status,
        attempts=attempts,
    )
    then = timezone.now() - timedelta(seconds=age_seconds)
    EBookDelivery.objects.filter(pk=delivery.pk).update(updated_at=then)
    return delivery


def test_deliveries_a_dead_worker_left_sending_go_back_or_fail_with_the_reason(build, settings):
    settings.MAKTABA_TASK_TIMEOUTS = {"mail": 900}
    settings.MAKTABA_EBOOK = {"SEND_MAX_ATTEMPTS": 3, "SEND_LOST_AFTER_SECONDS": 900}
    interrupted = _delivery(build, 1, Status.SENDING, 961, attempts=1)
    used_up = _delivery(build, 2, Status.SENDING, 961, attempts=3)
    in_flight = _delivery(build, 3, Status.SENDING, 959, attempts=1)
    forgotten = _delivery(build, 4, Status.QUEUED, 901, attempts=0)
    waiting = _delivery(build, 5, Status.QUEUED, 899, attempts=0)
    sent = _delivery(build, 6, Status.SENT, 5000)
    assert resume_interrupted() == [interrupted.pk, forgotten.pk]
    states = dict(EBookDelivery.objects.values_list("pk", "status"))
    assert states[interrupted.pk] == Status.QUEUED
    assert states[used_up.pk] == Status.FAILED
    assert states[in_flight.pk] == Status.SENDING
    assert states[waiting.pk] == Status.QUEUED and states[sent.pk] == Status.SENT
    reasons = dict(EBookDelivery.objects.values_list("pk", "reason"))
    assert reasons[interrupted.pk] == reasons[used_up.pk] == EBookDelivery.Reason.INTERRUPTED
    assert resume_interrupted() == []  # each handed out once per period


def test_a_retry_waiting_its_delay_is_not_taken_for_lost(build, settings):
    settings.MAKTABA_EBOOK = {"SEND_LOST_AFTER_SECONDS": 60, "SEND_RETRY_DELAY_SECONDS": 300}
    retry = _delivery(build, 1, Status.QUEUED, 400)
    assert resume_interrupted() == []
    lost = _delivery(build, 2, Status.QUEUED, 601)
    assert resume_interrupted() == [lost.pk]
    assert EBookDelivery.objects.get(pk=retry.pk).status == Status.QUEUED


def _result(status: str, queue: str, started_seconds_ago: float) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="media_pipeline.tasks.run_transcode_job",
        queue_name=queue,
        backend_name="default",
        run_after=now,
        started_at=now - timedelta(seconds=started_seconds_ago),
    )


def test_results_a_dead_worker_left_running_are_marked_failed_with_the_reason(settings):
    settings.MAKTABA_TASK_TIMEOUTS = {"media": 3600, "mail": 900}
    dead_media = _result(TaskResultStatus.RUNNING, "media", 3601)
    live_media = _result(TaskResultStatus.RUNNING, "media", 3599)
    dead_mail = _result(TaskResultStatus.RUNNING, "mail", 901)
    done = _result(TaskResultStatus.SUCCESSFUL, "mail", 5000)
    assert fail_abandoned_task_results.call() == 2
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[dead_media.pk] == statuses[dead_mail.pk] == TaskResultStatus.FAILED
    assert statuses[live_media.pk] == TaskResultStatus.RUNNING
    assert statuses[done.pk] == TaskResultStatus.SUCCESSFUL
    assert "worker stopped" in DBTaskResult.objects.get(pk=dead_media.pk).traceback
