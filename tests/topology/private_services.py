"""A private PostgreSQL cluster and a private redis-server, for the fault tests to restart.

The machine's own PostgreSQL (5432) and Redis (6379) serve everything else on it; the fault tests
stop and start these instead. Each keeps its files, log and pid under one directory::

    python -m tests.topology.private_services stop DIR   # stops what an interrupted run left
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, else the first free port above it."""
    for port in range(preferred, preferred + 200):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {preferred}..{preferred + 199}")


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("no PostgreSQL server programs in /usr/lib/postgresql/*/bin")
    return found[-1].parent


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(0.2)


class PrivatePostgreSQL:
    """``initdb`` in ``DIR/pg``, trust authentication, listening on 127.0.0.1:``port`` only."""

    def __init__(self, base: Path, port: int) -> None:
        self.dir = base / "pg"
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgresql.log"
        self.port = port
        self.bin = _pg_bin()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run(
            _as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            log = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise RuntimeError(f"pg_ctl {' '.join(args)}: {done.stdout}{done.stderr}\n{log}")

    def ready(self) -> bool:
        return (
            subprocess.run(
                [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            ).returncode
            == 0
        )

    def create(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_owner(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        settings = (
            f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.dir}'\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        self.start()

    def start(self) -> None:
        self._ctl("start", "-w", "-t", "60", "-l", str(self.logfile))
        wait_until(self.ready, 30, "the private PostgreSQL to accept connections")

    def stop(self) -> None:
        """A fast shutdown: every session is cut, as a restart by an operator does."""
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop", "-m", "fast", "-w", "-t", "60")

    def restart(self) -> None:
        self.stop()
        self.start()


class PrivateRedis:
    """A redis-server on 127.0.0.1:``port`` kept as docs/operations.md asks of production Redis:
    an append-only file written on every command, so a restart forgets no queued task."""

    def __init__(self, base: Path, port: int) -> None:
        self.dir = base / "redis"
        self.port = port
        self.pidfile = self.dir / "redis.pid"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def ping(self) -> bool:
        answer = subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "ping"],
            capture_output=True,
            text=True,
        )
        return answer.stdout.strip() == "PONG"

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "redis-server",
                "--daemonize", "yes",
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--dir", str(self.dir),
                "--pidfile", str(self.pidfile),
                "--logfile", str(self.dir / "redis.log"),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )  # fmt: skip
        wait_until(self.ping, 20, "the private Redis to answer")

    def stop(self) -> None:
        if not self.ping():
            return
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "shutdown"],
            capture_output=True,
            timeout=30,
        )
        wait_until(lambda: not self.ping(), 20, "the private Redis to stop")


def stop_left_over(base: Path) -> None:
    """Stop the servers an earlier, interrupted run left under ``base``."""
    data = base / "pg" / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([str(_pg_bin() / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate"]),
            capture_output=True,
            timeout=60,
        )
    pidfile = base / "redis" / "redis.pid"
    if pidfile.exists():
        try:
            pid = int(pidfile.read_text().strip())
            if b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, 9)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "stop":
        sys.exit("usage: python -m tests.topology.private_services stop DIR")
    stop_left_over(Path(sys.argv[2]))
