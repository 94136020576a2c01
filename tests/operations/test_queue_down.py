"""Redis down on RQ: nothing enqueued is lost, and it reaches the queue once Redis answers.

Real processes with the production settings (``TASKS_BACKEND=rq``) on one database file: first
against a Redis port nobody listens on, then against the machine's Redis (database 3).
"""

from __future__ import annotations

import redis
from rq import Queue

DOWN = {"TASKS_BACKEND": "rq", "REDIS_URL": "redis://127.0.0.1:1/0"}
UP_URL = "redis://127.0.0.1:6379/3"
UP = {"TASKS_BACKEND": "rq", "REDIS_URL": UP_URL}

# The upload's probe and its own bookkeeping (Wagtail's reference index, the search index), and
# the scheduler's periodic runs: each kept once, however many ticks pass while Redis is down.
EXPECTED = (
    "media_pipeline.tasks.probe_media_asset",
    "wagtail.tasks.update_reference_index_task",
    "modelsearch.tasks.insert_or_update_object_task",
    "media_pipeline.tasks.sweep_media_jobs",
    "catalog.ebook.tasks.resume_deliveries_task",
    "portal_auth.tasks.send_pending_notifications_task",
    "portal_auth.tasks.purge_expired_records_task",
    "portal_auth.tasks.sweep_import_runs_task",
    "library.sms.tasks.send_due_sms_task",
    "assignments.tasks.purge_ended_years_task",
    "assignments.tasks.notify_due_tomorrow_task",
    "library.tasks.fail_abandoned_task_results",
)

UPLOAD = (
    "from django.core.files.base import ContentFile; from media_pipeline.models import MediaAsset; "
    "MediaAsset.objects.create(title='Leçon', kind='video', "
    "original=ContentFile(b'not really a video', name='lesson.mp4')); print('saved')"
)


def _queued(connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in ("default", "media", "search", "mail"):
        for job in Queue(name, connection=connection).get_jobs():
            counts[job.func_name] = counts.get(job.func_name, 0) + 1
    return counts


def test_tasks_enqueued_while_redis_is_down_wait_in_the_database_then_reach_it(stack):
    connection = redis.Redis.from_url(UP_URL)
    connection.flushdb()
    try:
        upload = stack.run_with(DOWN, "shell", "-c", UPLOAD)
        assert upload.returncode == 0 and "saved" in upload.stdout, upload.stderr[-3000:]
        assert "kept in the database" in upload.stderr
        scheduler = stack.run_with(DOWN, "maktaba_scheduler", "--once")
        assert scheduler.returncode == 0, scheduler.stderr[-3000:]
        # A second tick while still down keeps each waiting task once.
        assert stack.run_with(DOWN, "maktaba_scheduler", "--once").returncode == 0
        waiting = dict(
            stack.rows("SELECT task_path, COUNT(*) FROM library_outboxtask GROUP BY task_path")
        )
        assert waiting == dict.fromkeys(EXPECTED, 1)
        assert _queued(connection) == {}

        back = stack.run_with(UP, "maktaba_scheduler", "--once")
        assert back.returncode == 0, back.stderr[-3000:]
        assert stack.rows("SELECT COUNT(*) FROM library_outboxtask") == [(0,)]
        queued = _queued(connection)
        # Each kept task once; the two runs the test settings repeat every 2 s may also have
        # come due again on this tick, as new runs.
        fast = {
            "media_pipeline.tasks.sweep_media_jobs",
            "library.tasks.fail_abandoned_task_results",
        }
        assert set(queued) == set(EXPECTED), queued
        assert all(count == 1 or (name in fast and count == 2) for name, count in queued.items())
    finally:
        connection.flushdb()
