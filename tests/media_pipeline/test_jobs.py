"""Jobs: stalls and overruns are killed, transient failures retried with backoff, deterministic
ones not, a dead worker's job requeued, a full disk leaves nothing behind."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.core.management import call_command
from django.utils import timezone

from media_pipeline import jobs, tasks, transcode
from media_pipeline.models import MediaAsset, TranscodeJob
from tests.factories.media import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_settings(settings):
    """Change MAKTABA_MEDIA keys for one test."""

    def change(**values):
        settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, **values}

    return change


@pytest.fixture
def probed(small_video, media_root):
    """An asset that has been probed, with its jobs queued and not yet run."""
    asset = make_asset(small_video)
    jobs.probe_asset(asset.pk)
    asset.refresh_from_db()
    assert asset.state == MediaAsset.State.PROCESSING
    return asset


def job_of(asset: MediaAsset, profile: str) -> TranscodeJob:
    return asset.jobs.get(profile=profile)


@pytest.fixture
def stalled_original(probed):
    """Swap the original for a FIFO that is held open but never written: ffmpeg waits for ever."""
    path = Path(probed.original.path)
    saved = path.read_bytes()
    path.unlink()
    os.mkfifo(path)
    holder = os.open(path, os.O_RDWR)  # a writer that never writes
    yield probed
    os.close(holder)
    path.unlink()
    path.write_bytes(saved)


def partial_files() -> list[Path]:
    return list(Path(settings.MEDIA_ROOT).rglob(".partial-*"))


def test_stalled_ffmpeg_is_killed_and_the_job_fails(stalled_original, media_settings):
    media_settings(STALL_SECONDS=1, MAX_ATTEMPTS=1)
    job = job_of(stalled_original, "audio_aac")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.FAILED
    job.refresh_from_db()
    assert job.error_message == "The conversion stopped making progress and was stopped."
    assert job.attempts == 1 and job.finished_at
    assert "/" not in job.error_message
    stalled_original.refresh_from_db()
    assert stalled_original.state == MediaAsset.State.FAILED
    assert stalled_original.error_message == job.error_message
    assert not partial_files()


def test_transient_failure_is_retried_after_a_backoff(stalled_original, media_settings):
    media_settings(STALL_SECONDS=1, MAX_ATTEMPTS=2, RETRY_BACKOFF_SECONDS=[300])
    job = job_of(stalled_original, "audio_aac")
    before = timezone.now()
    run = jobs.run_job(job.pk)
    assert run.state == TranscodeJob.State.QUEUED
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.next_attempt_at >= before + timedelta(seconds=300)
    assert run.due.retries == [(job.pk, job.next_attempt_at)]  # tasks.py enqueues it for then
    assert job.error_message  # the uploader sees why it is waiting
    # Not due yet: a worker picking it up now leaves it alone.
    assert jobs.run_job(job.pk).state == TranscodeJob.State.QUEUED
    assert TranscodeJob.objects.get(pk=job.pk).attempts == 1


def test_retry_succeeds_once_the_cause_is_gone(probed, media_settings):
    media_settings(STALL_SECONDS=1, MAX_ATTEMPTS=3)
    job = job_of(probed, "audio_aac")
    TranscodeJob.objects.filter(pk=job.pk).update(
        attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert jobs.run_job(job.pk).state == TranscodeJob.State.DONE
    assert TranscodeJob.objects.get(pk=job.pk).attempts == 2


def test_wall_clock_limit_kills_and_is_not_retried(probed, media_settings):
    media_settings(WALL_CLOCK_MIN_SECONDS=0, WALL_CLOCK_FACTOR=0.00001, MAX_ATTEMPTS=3)
    job = job_of(probed, "datasaver")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.FAILED
    job.refresh_from_db()
    assert job.error_message == "The conversion took too long and was stopped."
    assert job.attempts == 1
    assert not partial_files()


def test_damaged_original_fails_without_retrying(probed, media_settings):
    media_settings(MAX_ATTEMPTS=3)
    path = Path(probed.original.path)
    original = path.read_bytes()
    # The same length of noise after the first kilobyte: the header is fine, the data is not.
    path.write_bytes(original[:1024] + os.urandom(len(original) - 1024))
    job = job_of(probed, "audio_aac")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.FAILED
    job.refresh_from_db()
    assert job.attempts == 1, "invalid data is deterministic: no second attempt"
    assert job.error_message
    assert not partial_files()


def test_disk_full_leaves_no_partial_file_and_keeps_the_original(
    probed, media_settings, monkeypatch
):
    """ffmpeg writes into /dev/full, which fails every write with ENOSPC, like a full disk."""
    media_settings(MAX_ATTEMPTS=2)
    made: list[Path] = []

    def partial_on_full_disk(directory: Path, extension: str) -> Path:
        path = directory / f".partial-full.{extension}"
        path.symlink_to("/dev/full")
        made.append(path)
        return path

    monkeypatch.setattr(transcode, "_partial_path", partial_on_full_disk)
    original = Path(probed.original.path).read_bytes()
    job = job_of(probed, "datasaver")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.QUEUED  # disk full is worth a retry
    job.refresh_from_db()
    assert job.error_message.startswith("The server's disk is full.")
    assert made and not any(p.exists() or p.is_symlink() for p in made)
    assert not partial_files()
    assert not probed.renditions.exists()
    assert Path(probed.original.path).read_bytes() == original


def test_job_of_a_dead_worker_is_requeued_and_finished(
    probed, media_settings, django_capture_on_commit_callbacks
):
    media_settings(STALE_AFTER_SECONDS=60, MAX_ATTEMPTS=3)
    job = job_of(probed, "audio_opus")
    # What a worker killed mid-job leaves behind: running, last heartbeat long ago.
    TranscodeJob.objects.filter(pk=job.pk).update(
        state=TranscodeJob.State.RUNNING,
        attempts=1,
        worker="gone:1234",
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        requeued = tasks.enqueue_stale_jobs()
    assert requeued == [job.pk]
    job.refresh_from_db()
    assert job.state == TranscodeJob.State.DONE  # the requeued task ran (immediate backend)
    assert job.attempts == 2


def test_running_job_with_a_fresh_heartbeat_is_left_alone(probed, media_settings):
    media_settings(STALE_AFTER_SECONDS=60)
    job = job_of(probed, "audio_opus")
    TranscodeJob.objects.filter(pk=job.pk).update(
        state=TranscodeJob.State.RUNNING, heartbeat_at=timezone.now()
    )
    assert jobs.requeue_stale_jobs().job_ids == []
    assert TranscodeJob.objects.get(pk=job.pk).state == TranscodeJob.State.RUNNING


def test_a_job_runs_once_even_if_enqueued_twice(probed):
    job = job_of(probed, "audio_opus")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.DONE
    finished = TranscodeJob.objects.get(pk=job.pk).finished_at
    assert jobs.run_job(job.pk).state == TranscodeJob.State.DONE
    job.refresh_from_db()
    assert job.attempts == 1 and job.finished_at == finished


def test_process_media_runs_everything_and_retries_failed(probed, media_settings):
    media_settings(MAX_ATTEMPTS=1)
    TranscodeJob.objects.filter(asset=probed, profile="audio_aac").update(
        state=TranscodeJob.State.FAILED, attempts=1, error_message="earlier failure"
    )
    call_command("process_media", asset=probed.pk)
    probed.refresh_from_db()
    assert probed.state == MediaAsset.State.FAILED
    assert job_of(probed, "datasaver").state == TranscodeJob.State.DONE
    call_command("process_media", asset=probed.pk, retry_failed=True)
    probed.refresh_from_db()
    assert probed.state == MediaAsset.State.READY
    assert set(probed.jobs.values_list("state", flat=True)) == {TranscodeJob.State.DONE}


def test_refused_upload_fails_the_asset_in_plain_words(tmp_path, media_root):
    upload = tmp_path / "notes.mp4"
    upload.write_text("not a video at all\n" * 10)
    asset = make_asset(upload)
    assert jobs.probe_asset(asset.pk).jobs == []
    asset.refresh_from_db()
    assert asset.state == MediaAsset.State.FAILED
    assert asset.error_message == "This file is not an audio or video recording that we can read."
    assert not asset.jobs.exists()


def test_replacing_the_original_starts_again_from_the_probe(
    small_video, short_audio, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    asset.refresh_from_db()
    old_files = [Path(settings.MEDIA_ROOT) / r.file.name for r in asset.renditions.all()]
    old_files.append(Path(asset.original.path))
    assert asset.is_ready and all(path.exists() for path in old_files)
    with django_capture_on_commit_callbacks(execute=True), open(short_audio, "rb") as handle:
        asset.original.save("talk.m4a", File(handle))
    asset.refresh_from_db()
    assert asset.kind == "audio" and asset.is_ready
    assert set(asset.jobs.values_list("profile", flat=True)) == {"audio_opus", "audio_aac"}
    # The video rungs and their files are gone.
    assert not any(path.exists() for path in old_files if path.suffix == ".mp4")
    assert Path(asset.original.path).exists()


def test_deleting_an_asset_deletes_its_files(
    small_video, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    files = [Path(asset.original.path)] + [
        Path(settings.MEDIA_ROOT) / r.file.name for r in asset.renditions.all()
    ]
    poster_id = asset.poster_id
    with django_capture_on_commit_callbacks(execute=True):
        asset.delete()
    assert not any(path.exists() for path in files)
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(pk=poster_id).exists()


def test_memory_cap_failure_says_so_and_leaves_nothing_behind(probed, media_settings):
    """ffmpeg under a memory cap (MAKTABA_MEDIA["FFMPEG_MEMORY_MB"]) too small to run at all."""
    media_settings(FFMPEG_MEMORY_MB=150, MAX_ATTEMPTS=2)
    original = Path(probed.original.path).read_bytes()
    job = job_of(probed, "datasaver")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.QUEUED  # memory may be back later
    job.refresh_from_db()
    assert job.error_message.startswith("The server ran out of memory")
    assert not partial_files() and not probed.renditions.exists()
    assert Path(probed.original.path).read_bytes() == original


def test_ffmpeg_killed_by_the_system_mid_job_is_reported_as_out_of_memory(
    probed, media_settings, monkeypatch
):
    """Linux's out-of-memory killer ends ffmpeg with SIGKILL; the job fails with that reason."""
    import signal
    import threading

    from media_pipeline import ffmpeg_runner

    media_settings(MAX_ATTEMPTS=1)
    started = ffmpeg_runner.subprocess.Popen

    def popen_then_oom_kill(*args, **kwargs):
        process = started(*args, **kwargs)
        threading.Timer(0.05, lambda: os.kill(process.pid, signal.SIGKILL)).start()
        return process

    monkeypatch.setattr(ffmpeg_runner.subprocess, "Popen", popen_then_oom_kill)
    original = Path(probed.original.path).read_bytes()
    job = job_of(probed, "datasaver")
    assert jobs.run_job(job.pk).state == TranscodeJob.State.FAILED
    job.refresh_from_db()
    assert job.error_message.startswith("The server ran out of memory")
    assert not partial_files() and not probed.renditions.exists()
    assert Path(probed.original.path).read_bytes() == original
