"""A real Kannel for the tests: bearerbox, smsbox, and kannel-extras' fake SMSC as the operator.

``fakesmsc`` plays the operator's network: it prints every message Kannel hands it ("Got message
N: <from to type data>") and acknowledges it, so Kannel sends delivery reports 8 (taken by the
operator) and 1 (delivered) to the message's ``dlr-url``.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
USERNAME, PASSWORD = "maktaba", "s3cret-sendsms"

GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (?:(\S+) )?(.*)>$")


def installed() -> bool:
    return all(Path(p).exists() for p in (BEARERBOX, SMSBOX, FAKESMSC))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@dataclass
class Received:
    sender: str
    to: str
    kind: str  # text, ucs-2, udh-data…
    udh: str
    data: str

    @property
    def text(self) -> str:
        raw = urllib.parse.unquote_to_bytes(self.data.replace("+", "%20"))
        if self.kind.startswith("ucs"):
            return raw.decode("utf-16-be")
        return raw.decode("latin-1") if self.kind != "text" else self.data


@dataclass
class Kannel:
    directory: Path
    sendsms_url: str = ""
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def config(self) -> Path:
        p = self.ports
        conf = self.directory / "kannel.conf"
        conf.write_text(
            f"""group = core
admin-port = {p["admin"]}
admin-password = admin-{p["admin"]}
smsbox-port = {p["smsbox"]}
log-file = "{self.directory}/bearerbox.log"
log-level = 0
box-allow-ip = 127.0.0.1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = operator
port = {p["smsc"]}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = {p["sendsms"]}
log-file = "{self.directory}/smsbox.log"
log-level = 0

group = sendsms-user
username = {USERNAME}
password = {PASSWORD}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
text = "-"
catch-all = true
max-messages = 0
"""
        )
        return conf

    def start(self) -> Kannel:
        self.ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
        conf = self.config()
        self.sendsms_url = f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"
        self._spawn("bearerbox", [BEARERBOX, str(conf)])
        wait_for_port(self.ports["smsbox"])
        self.start_smsbox()
        self.start_operator()
        return self

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(self.directory / f"{name}.out", "ab")  # noqa: SIM115 (kept by the process)
        self.processes[name] = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)

    def start_smsbox(self) -> None:
        self._spawn("smsbox", [SMSBOX, str(self.directory / "kannel.conf")])
        wait_for_port(self.ports["sendsms"])

    def stop_smsbox(self) -> None:
        self._stop("smsbox")

    def start_operator(self) -> None:
        # One message from a phone first (no reply is configured), then it only listens.
        self._spawn(
            "fakesmsc",
            [
                FAKESMSC,
                "-H",
                "127.0.0.1",
                "-r",
                str(self.ports["smsc"]),
                "-i",
                "3600",
                "-m",
                "2",
                "0600000000 MAKTABA text hello",
            ],
        )

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop(self) -> None:
        for name in ("fakesmsc", "smsbox", "bearerbox"):
            self._stop(name)

    def received(self) -> list[Received]:
        out = self.directory / "fakesmsc.out"
        lines = out.read_text(errors="replace").splitlines() if out.exists() else []
        found = []
        for line in lines:
            match = GOT.search(line)
            if match:
                sender, to, kind, udh, data = match.groups()
                if kind not in {"udh-data", "udh-text", "udh"}:
                    data = f"{udh} {data}" if udh else data
                    udh = ""
                found.append(Received(sender, to, kind, udh or "", data))
        return found

    def wait_received(self, count: int, seconds: float = 20) -> list[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            got = self.received()
            if len(got) >= count:
                return got
            time.sleep(0.2)
        raise AssertionError(f"the operator received {self.received()}, expected {count}")
