"""A worker killed with ``kill -9`` takes its ffmpeg with it (nothing runs on, filling the disk)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from library.settings.base import BASE_DIR

WORKER = textwrap.dedent(
    """
    import django
    from django.conf import settings

    settings.configure(MAKTABA_MEDIA={})
    django.setup()
    from media_pipeline.ffmpeg_runner import run_ffmpeg

    run_ffmpeg(
        ["-re", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=600", "-f", "null", "-"],
        duration=600,
    )
    """
)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ffmpeg_dies_with_the_worker_that_started_it():
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(BASE_DIR)},
    )
    children: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not children and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children(worker.pid)
        assert children, "ffmpeg did not start"
        (ffmpeg,) = children
        assert "ffmpeg" in Path(f"/proc/{ffmpeg}/cmdline").read_bytes().decode()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(ffmpeg) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(ffmpeg), "ffmpeg ran on after its worker was killed"
    finally:
        if worker.poll() is None:
            worker.kill()
        for child in children:  # only when the test failed: never leave ffmpeg behind
            if _alive(child):
                os.kill(child, signal.SIGKILL)
