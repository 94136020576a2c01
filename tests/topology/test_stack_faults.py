"""Faults on the production stack: a worker killed mid-transcode, Redis and PostgreSQL restarted.

Nobody touches anything after the fault: the scheduler, the workers and the web tier recover by
themselves. The stack runs with a fast media clock (``conftest.FAST_CLOCK``) so the recovery
happens in a test's time; the mechanism is the production one.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.topology


def wait_for(condition, seconds: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(interval)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def is_ffmpeg(pid: int) -> bool:
    try:
        return b"ffmpeg" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


WORKERS = ("rqworker-1", "rqworker-2")


def main_pid(stack, name: str) -> int:
    """The process a supervised name runs now (``NAME.pid`` is its supervisor)."""
    return int((stack.run_dir / "pids" / f"{name}.main.pid").read_text().strip())


def job_rows(stack, asset_id: int) -> list[dict]:
    """The asset's transcode jobs, read straight from the stack's database.

    A poll costs milliseconds, where ``stack_data jobs`` starts Django (seconds of CPU on the two
    cores the transcodes need): a loaded machine could finish a whole rendition between two such
    polls, and the kill test then never saw one under way.
    """
    with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True, connect_timeout=5) as db:
        rows = db.execute(
            "SELECT id, profile, state, progress, attempts, worker"
            " FROM media_pipeline_transcodejob WHERE asset_id = %s ORDER BY id",
            (asset_id,),
        ).fetchall()
    names = ("id", "profile", "state", "progress", "attempts", "worker")
    return [dict(zip(names, row, strict=True)) for row in rows]


def transcode_under_way(stack, asset_id: int):
    """(job, worker name, worker pid) once a worker's own work horse runs ffmpeg at >= 5 %."""
    jobs = job_rows(stack, asset_id)
    running = [j for j in jobs if j["state"] == "running" and j["progress"] >= 5]
    for name in WORKERS:
        pid = main_pid(stack, name)
        below = descendants(pid)
        if not any(is_ffmpeg(p) for p in below):
            continue
        for job in running:  # the job this worker's own work horse claimed
            if int(job["worker"].rsplit(":", 1)[1]) in below:
                return job, name, pid
    return None


def settled_jobs(stack, asset_id: int):
    jobs = job_rows(stack, asset_id)
    return jobs if all(j["state"] in ("done", "failed") for j in jobs) else None


def processed(stack, asset_id: int):
    asset = stack.stack_data("asset", str(asset_id))
    return asset if asset["state"] in ("ready", "failed") else None


def every_process_runs(stack) -> bool:
    """``production_stack.sh status``: gunicorn, nginx, each RQ worker and the scheduler run."""
    return stack.script("status", timeout=60).returncode == 0


def test_an_rq_worker_killed_mid_transcode_is_recovered_without_anyone(fault_stack):
    stack = fault_stack
    asset_id = stack.stack_data("video", "kill")["asset"]
    job, name, worker = wait_for(
        lambda: transcode_under_way(stack, asset_id),
        240,
        "a transcode under way on an RQ worker",
        interval=0.2,
    )
    doomed = [worker, *descendants(worker)]
    ffmpeg = [p for p in doomed if is_ffmpeg(p)]
    for pid in doomed:  # the worker and its work horse, as a crash or the OOM killer would
        if pid not in ffmpeg:
            os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not any(alive(p) for p in ffmpeg), 15, "its ffmpeg to die with it")

    jobs = wait_for(
        lambda: settled_jobs(stack, asset_id), 420, "every job of the asset to settle", interval=2
    )
    states = {j["profile"]: j["state"] for j in jobs}
    assert set(states.values()) == {"done"}, states
    again = next(j for j in jobs if j["id"] == job["id"])
    assert again["attempts"] == 2
    renditions = stack.stack_data("asset", str(asset_id))["renditions"]
    profiles = [r["profile"] for r in renditions]
    assert len(profiles) == len(set(profiles)), profiles  # none made twice
    # The killed worker is back, as systemd's Restart=always brings it back in production.
    assert main_pid(stack, name) != worker
    wait_for(lambda: every_process_runs(stack), 30, "every process to run again")


def test_redis_restarted_mid_job_loses_no_job_and_pages_render_meanwhile(fault_stack):
    stack = fault_stack
    video = stack.stack_data("video", "redis-restart")["asset"]
    wait_for(lambda: transcode_under_way(stack, video), 240, "a transcode under way", interval=0.2)
    stack.redis.stop()  # while a worker runs a job: RQ's worker quits on the lost connection
    try:
        assert stack.nginx.get("/").status == 200  # no cache: pages come from the database
        upload = stack.stack_data("audio", "redis-down")  # its probe waits in the database
    finally:
        stack.redis.start()
    data = wait_for(
        lambda: processed(stack, upload["asset"]),
        240,
        "the upload made while Redis was down to be processed",
        interval=2,
    )
    assert data["state"] == "ready", data
    jobs = wait_for(
        lambda: settled_jobs(stack, video), 300, "the video's jobs to settle", interval=2
    )
    assert {j["state"] for j in jobs} == {"done"}, jobs
    wait_for(lambda: every_process_runs(stack), 30, "every process to run again")


def test_postgresql_restarted_web_and_workers_serve_again(fault_stack):
    stack = fault_stack
    assert stack.nginx.get("/").status == 200
    stack.postgresql.restart()
    wait_for(lambda: stack.nginx.get("/").status == 200, 60, "the web tier to answer again")
    statuses = [stack.nginx.get("/").status for _ in range(6)]  # every gunicorn worker
    assert statuses == [200] * 6, statuses
    upload = stack.stack_data("audio", "pg-restart")
    data = wait_for(
        lambda: processed(stack, upload["asset"]),
        240,
        "the workers to process an upload after the restart",
        interval=2,
    )
    assert data["state"] == "ready", data
    wait_for(lambda: every_process_runs(stack), 30, "every process to run again")
