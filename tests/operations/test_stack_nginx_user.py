"""nginx's workers of the one-machine stack can always reach gunicorn's socket and the files.

As root, nginx's workers drop to www-data. A checkout under a directory closed to other users
(``/root``, a CI workspace with mode 0700) used to leave every request at 502: the workers could
not traverse to the socket. The stack then keeps its workers on the run directory's owner and
says why.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import socketserver
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "production_stack.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = [
    pytest.mark.skipif(
        os.geteuid() != 0, reason="nginx drops to www-data only when started as root"
    ),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"upstream reached"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        request, _ = super().get_request()
        return request, ("127.0.0.1", 0)


def configure(run: Path, port: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, MAKTABA_STACK_DIR=str(run), MAKTABA_STACK_PORT=str(port))
    return subprocess.run(
        [str(SCRIPT), "config"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def serve_through_nginx(run: Path, port: int) -> tuple[int, str]:
    """Starts a stand-in upstream on the stack's socket and nginx on its configuration."""
    os.umask(0o022)
    socket_path = run / "gunicorn.sock"
    upstream = UnixHTTPServer(str(socket_path), Hello)
    os.chmod(socket_path, 0o777)  # as gunicorn's: the socket itself never stops nginx
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    conf = run / "nginx" / "nginx.conf"
    args = [
        NGINX,
        "-p",
        str(run / "nginx"),
        "-e",
        str(run / "log" / "nginx-error.log"),
        "-c",
        str(conf),
    ]
    subprocess.run(args, check=True, timeout=30)
    try:
        for _ in range(40):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    return answer.status, answer.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode(errors="replace")
            except OSError:
                threading.Event().wait(0.25)
        raise AssertionError("nginx never answered")
    finally:
        subprocess.run([*args, "-s", "stop"], timeout=30)
        upstream.shutdown()
        upstream.server_close()


def test_a_run_directory_closed_to_other_users_still_serves(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    os.chmod(closed, 0o700)
    run = closed / "stack"
    port = free_port()
    configured = configure(run, port)
    assert configured.returncode == 0, configured.stderr
    assert "www-data cannot reach" in configured.stdout + configured.stderr
    assert "user www-data;" not in (run / "nginx" / "nginx.conf").read_text()
    status, body = serve_through_nginx(run, port)
    assert (status, body) == (200, "upstream reached")


@pytest.fixture
def open_directory():
    path = Path(tempfile.mkdtemp(prefix="maktaba-stack-", dir="/tmp"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_an_open_run_directory_drops_nginx_workers_to_www_data(open_directory):
    opened = open_directory
    # Every parent of the run directory must be searchable for www-data to reach it.
    if subprocess.run(["runuser", "-u", "www-data", "--", "test", "-x", str(opened)]).returncode:
        pytest.skip(f"{opened} has a parent closed to other users")
    run = opened / "stack"
    port = free_port()
    configured = configure(run, port)
    assert configured.returncode == 0, configured.stderr
    assert "user www-data;" in (run / "nginx" / "nginx.conf").read_text()
    status, body = serve_through_nginx(run, port)
    assert (status, body) == (200, "upstream reached")
