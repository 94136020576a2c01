"""Run one ffmpeg command under watch: progress, a stall limit and a wall-clock limit that kill.

ffmpeg writes ``-progress`` key=value blocks to stdout; we read them without blocking, report
the percentage through a callback (which also serves as the job's heartbeat) and kill the whole
process group when the output time stops moving for ``stall_seconds`` or the run exceeds
``wall_seconds``. stderr goes to a temporary file so a chatty ffmpeg can never block on a full
pipe; its tail is kept for the log.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from .media_settings import media_setting


class FFmpegError(Exception):
    """ffmpeg failed. ``reason`` is one of: error, invalid_data, disk_full, out_of_memory,
    stalled, timeout."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail[-500:]}")
        self.reason = reason
        self.detail = detail

    @property
    def transient(self) -> bool:
        """Worth another attempt: the same input may well succeed next time."""
        return self.reason in ("disk_full", "out_of_memory", "stalled", "error")


def classify_stderr(stderr: str) -> str:
    text = stderr.lower()
    if "no space left on device" in text:
        return "disk_full"
    if any(sign in text for sign in _OUT_OF_MEMORY):
        return "out_of_memory"
    if (
        "invalid data found" in text
        or "moov atom not found" in text
        or "error while decoding" in text
        or "could not find codec parameters" in text
        or "does not contain any stream" in text
        or "matches no streams" in text
    ):
        return "invalid_data"
    return "error"


# How ffmpeg and its libraries say that memory ran out (under the memory cap, or a full machine).
_OUT_OF_MEMORY = (
    "cannot allocate memory",
    "out of memory",
    "malloc of size",
    "failed to map segment from shared object",
)

_PR_SET_PDEATHSIG = 1


def _before_exec(memory_mb: int = 0) -> Callable[[], None] | None:
    """A pre-exec hook: ffmpeg dies with the worker that started it, within its memory cap.

    A worker killed with ``kill -9`` cannot stop its children; without ``PR_SET_PDEATHSIG`` its
    ffmpeg would run on for hours, filling the disk with a file nobody will keep. ``memory_mb``
    (``FFMPEG_MEMORY_MB``) caps ffmpeg's address space, so one upload cannot starve the machine:
    past it, ffmpeg's allocations fail and it stops with an out-of-memory message. Off Linux it
    is ``None``.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    parent = os.getpid()
    limit = int(memory_mb) * 1024 * 1024

    def hook() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the worker died before the request took hold
            os._exit(1)
        if limit > 0:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return hook


def run_ffmpeg(
    arguments: list[str],
    *,
    duration: float | None = None,
    on_progress: Callable[[int], None] | None = None,
    stall_seconds: float | None = None,
    wall_seconds: float | None = None,
) -> None:
    """Run ``ffmpeg <arguments>``; raise :class:`FFmpegError` on failure, stall or overrun."""
    stall_seconds = stall_seconds if stall_seconds is not None else media_setting("STALL_SECONDS")
    command = [
        media_setting("FFMPEG"),
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-progress",
        "pipe:1",
        "-nostats",
    ]
    threads = media_setting("THREADS")
    if threads:
        command += ["-threads", str(threads)]
    command += arguments
    with tempfile.TemporaryFile() as stderr_file:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr_file,
                start_new_session=True,  # its own process group, killed as a whole
                preexec_fn=_before_exec(media_setting("FFMPEG_MEMORY_MB")),
            )
        except OSError as exc:
            raise FFmpegError("error", f"ffmpeg could not start: {exc}")
        reason = _watch(process, duration, on_progress, stall_seconds, wall_seconds)
        stderr_file.seek(0)
        stderr = stderr_file.read()[-8000:].decode("utf-8", "replace")
    if reason:
        raise FFmpegError(reason, stderr)
    if process.returncode == -signal.SIGKILL:
        # Not killed by us (a stall or overrun has its reason): Linux's out-of-memory killer.
        raise FFmpegError("out_of_memory", stderr or "ffmpeg was killed by the system (SIGKILL)")
    if process.returncode != 0:
        raise FFmpegError(classify_stderr(stderr), stderr)


def _watch(
    process: subprocess.Popen,
    duration: float | None,
    on_progress: Callable[[int], None] | None,
    stall_seconds: float,
    wall_seconds: float | None,
) -> str:
    """Follow the progress output until ffmpeg exits; return a kill reason or ""."""
    assert process.stdout is not None
    started = last_advance = time.monotonic()
    last_out_time = -1.0
    buffer = b""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        while True:
            now = time.monotonic()
            if wall_seconds is not None and now - started > wall_seconds:
                _kill(process)
                return "timeout"
            if now - last_advance > stall_seconds:
                _kill(process)
                return "stalled"
            events = selector.select(timeout=0.5)
            if not events:
                if process.poll() is not None:
                    break
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                process.wait()
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                key, _, value = line.decode("ascii", "replace").strip().partition("=")
                if key in ("out_time_us", "out_time_ms"):
                    # Both are microseconds (out_time_ms is misnamed in ffmpeg).
                    try:
                        out_time = int(value) / 1_000_000
                    except ValueError:
                        continue
                    if out_time > last_out_time:
                        last_out_time = out_time
                        last_advance = time.monotonic()
                elif key == "progress" and on_progress:
                    on_progress(_percent(last_out_time, duration, value == "end"))
    finally:
        selector.close()
        process.stdout.close()
    return ""


def _percent(out_time: float, duration: float | None, finished: bool) -> int:
    if finished:
        return 100
    if not duration or out_time <= 0:
        return 0
    return max(0, min(99, int(out_time * 100 / duration)))


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    except OSError as exc:  # pragma: no cover - only when the group is already gone
        if exc.errno != errno.ESRCH:
            raise
    process.wait()
