"""Real processes on one database file: two schedulers, and a worker killed with ``kill -9``.

The embedded default (SQLite, the database queue) with ``recovery_settings``: after the worker
dies mid-transcode, a new worker and the scheduler finish the job without anyone touching
anything, the rendition exists once, the half-made file is removed and the dead task's result
row says what happened.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tests.media_pipeline.samples import make_video

from .processes import wait_for


def test_two_schedulers_enqueue_each_periodic_run_once(stack):
    first = stack.start("maktaba_scheduler", "--once")
    second = stack.start("maktaba_scheduler", "--once")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    enqueued = stack.rows(
        "SELECT task_path, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY task_path"
    )
    assert dict(enqueued) == {
        "catalog.ebook.tasks.resume_deliveries_task": 1,
        "library.tasks.fail_abandoned_task_results": 1,
        "media_pipeline.tasks.sweep_media_jobs": 1,
        "portal_auth.tasks.purge_expired_records_task": 1,
        "portal_auth.tasks.send_pending_notifications_task": 1,
        "portal_auth.tasks.sweep_import_runs_task": 1,
        "library.sms.tasks.send_due_sms_task": 1,
        "assignments.tasks.purge_ended_years_task": 1,
        "assignments.tasks.notify_due_tomorrow_task": 1,
    }


def _ffmpeg_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and b"ffmpeg" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_transcode_is_recovered_without_anyone(stack, tmp_path):
    video = make_video(tmp_path / "lesson.mp4", width=854, height=480, seconds=24)
    stack.manage(
        "shell",
        "-c",
        "from django.core.files import File; from media_pipeline.models import MediaAsset; "
        f"MediaAsset.objects.create(title='Lesson', kind='video', "
        f"original=File(open({str(video)!r}, 'rb'), name='lesson.mp4'))",
    )
    worker = stack.start("db_worker", "--queue-name", "*", "--interval", "0.5")
    running = wait_for(
        lambda: stack.rows(
            "SELECT id, profile FROM media_pipeline_transcodejob "
            "WHERE state = 'running' AND progress >= 5"
        ),
        timeout=240,
        what="a transcode under way",
    )
    job_id, profile = running[0]
    ffmpeg = wait_for(lambda: _ffmpeg_children(worker.pid), timeout=30, what="its ffmpeg")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in ffmpeg), 10, "ffmpeg to die")
    renditions = stack.media / "media" / "renditions"
    assert list(renditions.glob(".partial-*")), "the killed run left no partial to clean"

    # Nobody touches anything: a worker and the scheduler come back, as systemd would restart them.
    stack.start("db_worker", "--queue-name", "*", "--interval", "0.5")
    stack.start("maktaba_scheduler")
    wait_for(
        lambda: (
            not stack.rows(
                "SELECT id FROM media_pipeline_transcodejob WHERE state IN ('queued', 'running')"
            )
        ),
        timeout=420,
        what="every job to settle",
        interval=1,
    )
    states = dict(stack.rows("SELECT profile, state FROM media_pipeline_transcodejob"))
    assert set(states.values()) == {"done"}, states
    (attempts,) = stack.rows(
        "SELECT attempts FROM media_pipeline_transcodejob WHERE id = ?", job_id
    )[0]
    assert attempts == 2
    per_profile = stack.rows(
        "SELECT profile, COUNT(*) FROM media_pipeline_rendition GROUP BY profile"
    )
    assert all(count == 1 for _, count in per_profile), per_profile
    assert (profile, 1) in per_profile or profile in ("poster", "hls")
    wait_for(lambda: not list(renditions.glob(".partial-*")), 60, "the partial to be removed")
    abandoned = wait_for(
        lambda: stack.rows(
            "SELECT traceback FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'FAILED' AND task_path = 'media_pipeline.tasks.run_transcode_job'"
        ),
        timeout=60,
        what="the dead task's result to be marked failed",
    )
    assert "worker stopped" in abandoned[0][0]
    assert not stack.rows(
        "SELECT id FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'RUNNING' AND task_path = 'media_pipeline.tasks.run_transcode_job'"
    )
