"""Services never enqueue: ``jobs`` changes the rows and says what is due; ``tasks`` enqueues it
once the transaction commits (the immediate backend of the tests then runs it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from media_pipeline import jobs, tasks
from media_pipeline.media_settings import media_setting
from media_pipeline.models import MediaAsset, TranscodeJob
from tests.factories.media import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def probed(small_video, media_root):
    asset = make_asset(small_video)
    jobs.probe_asset(asset.pk)
    asset.refresh_from_db()
    return asset


def test_probing_says_which_jobs_to_run_and_enqueues_nothing(
    small_video, media_root, django_capture_on_commit_callbacks
):
    asset = make_asset(small_video)
    with django_capture_on_commit_callbacks() as callbacks:
        due = jobs.probe_asset(asset.pk)
    assert callbacks == []
    queued = asset.jobs.filter(state=TranscodeJob.State.QUEUED).exclude(profile="hls")
    assert sorted(due.jobs) == sorted(queued.values_list("pk", flat=True))
    assert due.probes == [] and due.retries == []


def test_a_refused_upload_retried_is_a_probe_due(
    tmp_path, media_root, django_capture_on_commit_callbacks
):
    upload = tmp_path / "notes.mp4"
    upload.write_text("not a video at all\n" * 10)
    asset = make_asset(upload)
    jobs.probe_asset(asset.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        due = jobs.retry_asset(asset)
    assert callbacks == []
    assert due.probes == [asset.pk] and due.jobs == []
    assert MediaAsset.objects.get(pk=asset.pk).state == MediaAsset.State.UPLOADED


def test_a_failed_job_retried_is_due_and_runs_once_enqueued(
    probed, django_capture_on_commit_callbacks
):
    job = probed.jobs.get(profile="audio_aac")
    TranscodeJob.objects.filter(pk=job.pk).update(state=TranscodeJob.State.FAILED, attempts=3)
    with django_capture_on_commit_callbacks() as callbacks:
        due = jobs.retry_asset(probed)
    assert callbacks == [] and due.jobs == [job.pk]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.enqueue_due(due)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == TranscodeJob.State.DONE and job.attempts == 1


def test_a_stale_job_requeued_is_due_and_enqueued_by_the_tasks_module(
    probed, django_capture_on_commit_callbacks
):
    job = probed.jobs.get(profile="audio_opus")
    TranscodeJob.objects.filter(pk=job.pk).update(
        state=TranscodeJob.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(days=1),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        requeued = jobs.requeue_stale_jobs()
    assert callbacks == []
    assert requeued.job_ids == [job.pk] and requeued.due.jobs == [job.pk]
    TranscodeJob.objects.filter(pk=job.pk).update(
        state=TranscodeJob.State.RUNNING, heartbeat_at=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_stale_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.state == TranscodeJob.State.DONE


def test_a_job_that_left_the_ladder_fails_with_no_retry_due(probed):
    job = probed.jobs.get(profile="audio_aac")
    TranscodeJob.objects.filter(pk=job.pk).update(profile="no-longer-in-the-ladder")
    run = jobs.run_job(job.pk)
    assert run.state == TranscodeJob.State.FAILED  # deterministic: nothing is due again
    assert run.due.retries == [] and run.due.jobs == []


def test_the_hls_playlist_is_due_when_the_last_video_rung_settles(probed):
    video = [spec["name"] for spec in media_setting("LADDER") if spec["type"] == "video"]
    hls = probed.jobs.get(profile="hls")
    dues = [jobs.run_job(job.pk).due for job in probed.jobs.filter(profile__in=video)]
    assert [due.jobs for due in dues[:-1]] == [[]] * (len(dues) - 1)
    assert dues[-1].jobs == [hls.pk]
