"""The production stack (scripts/production_stack.sh), brought up once for these tests.

Skipped unless ``MAKTABA_TOPOLOGY=1``. The stack has its own run directory, port, PostgreSQL
database and Redis database, so it never meets the default stack (docs/deployment.md):
``MAKTABA_TOPOLOGY_DIR`` (var/topology), ``MAKTABA_TOPOLOGY_PORT`` (18090),
``MAKTABA_TOPOLOGY_DB`` (maktaba_web_topology), ``MAKTABA_TOPOLOGY_REDIS_DB`` (7).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import string
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .http_client import Client
from .mail_server import MailServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "production_stack.sh"
ENABLED = os.environ.get("MAKTABA_TOPOLOGY") == "1"
# A fast media clock, so that a killed worker's job is found stale in a test's time: the
# mechanism is production's, only its periods are shorter.
FAST_CLOCK = {
    "MAKTABA_STACK_SET_MEDIA_HEARTBEAT_SECONDS": "1",
    "MAKTABA_STACK_SET_MEDIA_STALE_AFTER_SECONDS": "8",
    "MAKTABA_STACK_SET_MEDIA_SWEEP_SECONDS": "3",
}


def pytest_collection_modifyitems(config, items):
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="the production stack runs only with MAKTABA_TOPOLOGY=1")
    for item in items:
        if "topology" in item.keywords:
            item.add_marker(skip)


@dataclass
class Stack:
    run_dir: Path
    port: int
    script_env: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    postgresql: object = None  # fault_stack's private servers (private_services.py)
    redis: object = None

    @property
    def nginx(self) -> Client:
        return Client.tcp("127.0.0.1", self.port)

    @property
    def gunicorn(self) -> Client:
        """gunicorn itself, on its unix socket: what nginx's upstream answers."""
        return Client.unix(str(self.run_dir / "gunicorn.sock"))

    def script(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(SCRIPT), *args],
            cwd=ROOT,
            env=self.script_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def python(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run the project's Python with the stack's production environment."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(self.env)
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def stack_data(self, *args: str) -> dict:
        result = self.python("-m", "tests.topology.stack_data", *args)
        assert result.returncode == 0, result.stderr[-3000:]
        line = next(x for x in reversed(result.stdout.splitlines()) if x.startswith("JSON "))
        return json.loads(line[5:])

    def pid(self, name: str) -> int:
        return int((self.run_dir / "pids" / f"{name}.pid").read_text().strip())

    def log(self, name: str) -> str:
        path = self.run_dir / "log" / name
        return path.read_text(errors="replace") if path.exists() else ""


def _logs_tail(run_dir: Path) -> str:
    tails = []
    for path in sorted((run_dir / "log").glob("*.log")):
        lines = path.read_text(errors="replace").splitlines()[-20:]
        tails.append(f"--- {path.name}\n" + "\n".join(lines))
    return "\n".join(tails)


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    """The SMTP server the stack's workers send to (EMAIL_HOST and EMAIL_PORT in its env file)."""
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(mail_server: MailServer) -> Iterator[Stack]:
    run_dir = Path(os.environ.get("MAKTABA_TOPOLOGY_DIR", ROOT / "var" / "topology")).resolve()
    port = int(os.environ.get("MAKTABA_TOPOLOGY_PORT", "18090"))
    script_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAKTABA_STACK_"))},
        "MAKTABA_STACK_DIR": str(run_dir),
        "MAKTABA_STACK_PORT": str(port),
        "MAKTABA_STACK_DB": os.environ.get("MAKTABA_TOPOLOGY_DB", "maktaba_web_topology"),
        "MAKTABA_STACK_REDIS_DB": os.environ.get("MAKTABA_TOPOLOGY_REDIS_DB", "7"),
        **FAST_CLOCK,
        "MAKTABA_STACK_SET_EMAIL_HOST": mail_server.host,
        "MAKTABA_STACK_SET_EMAIL_PORT": str(mail_server.port),
    }
    stack = Stack(run_dir=run_dir, port=port, script_env=script_env)
    stack.script("down", "--purge")  # whatever an earlier run left
    started = stack.script("up")
    try:
        assert started.returncode == 0, (
            started.stdout[-3000:] + started.stderr[-3000:] + _logs_tail(run_dir)
        )
        for line in (run_dir / "maktaba.env").read_text().splitlines():
            key, _, value = line.partition("=")
            stack.env[key] = value
        yield stack
    finally:
        pids = [p.read_text().strip() for p in (run_dir / "pids").glob("*.pid")]
        stopped = stack.script("down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        left = [pid for pid in pids if pid and Path(f"/proc/{pid}").exists()]
        assert left == [], f"still running after down: {left}"


@pytest.fixture(scope="session")
def content(stack: Stack) -> dict:
    """Two audio lessons (one published, one draft) and two documents, processed by the workers."""
    tag = "".join(random.choice(string.ascii_lowercase) for _ in range(10))  # one search word
    data = stack.stack_data("seed", tag)
    deadline = time.monotonic() + 240
    while True:
        public = stack.stack_data("asset", str(data["public_asset"]))
        private = stack.stack_data("asset", str(data["private_asset"]))
        if {public["state"], private["state"]} <= {"ready", "failed"}:
            break
        assert time.monotonic() < deadline, f"not processed in time: {public} {private}"
        time.sleep(1)
    data["public"] = public
    data["private"] = private
    return data


@pytest.fixture(scope="module")
def fault_stack() -> Iterator[Stack]:
    """A second stack on its own PostgreSQL cluster and redis-server, which the fault tests restart.

    ``MAKTABA_TOPOLOGY_FAULTS_DIR`` (var/topology-faults), ``MAKTABA_TOPOLOGY_FAULTS_PORT``
    (18091); the servers live in ``/tmp/maktaba-faults-PORT``, on ports 55433 and 56380 for 18091.
    """
    from .private_services import PrivatePostgreSQL, PrivateRedis, free_port, stop_left_over

    run_dir = Path(
        os.environ.get("MAKTABA_TOPOLOGY_FAULTS_DIR", ROOT / "var" / "topology-faults")
    ).resolve()
    port = int(os.environ.get("MAKTABA_TOPOLOGY_FAULTS_PORT", "18091"))
    base = Path("/tmp") / f"maktaba-faults-{port}"
    stop_left_over(base)
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir()
    base.chmod(0o755)  # the postgres user goes through it to its cluster
    # Ports follow the stack's (18091: 55433 and 56380), so two stacks never race for one.
    postgresql = PrivatePostgreSQL(base, free_port(port + 37342))
    redis = PrivateRedis(base, free_port(port + 38289))
    postgresql.create()
    redis.start()
    script_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAKTABA_STACK_"))},
        "MAKTABA_STACK_DIR": str(run_dir),
        "MAKTABA_STACK_PORT": str(port),
        "MAKTABA_STACK_DB": "maktaba_web_faults",
        "MAKTABA_STACK_PG": postgresql.url,
        "MAKTABA_STACK_REDIS": redis.url,
        "MAKTABA_STACK_REDIS_DB": "0",
        **FAST_CLOCK,
    }
    stack = Stack(run_dir=run_dir, port=port, script_env=script_env)
    stack.postgresql, stack.redis = postgresql, redis
    try:
        stack.script("down", "--purge")
        started = stack.script("up")
        assert started.returncode == 0, (
            started.stdout[-3000:] + started.stderr[-3000:] + _logs_tail(run_dir)
        )
        for line in (run_dir / "maktaba.env").read_text().splitlines():
            key, _, value = line.partition("=")
            stack.env[key] = value
        yield stack
        pids = [p.read_text().strip() for p in (run_dir / "pids").glob("*.pid")]
        stopped = stack.script("down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        left = [pid for pid in pids if pid and Path(f"/proc/{pid}").exists()]
        assert left == [], f"still running after down: {left}"
    finally:
        stack.script("down")
        redis.stop()
        postgresql.stop()
