"""A real SMTP server (aiosmtpd) on a free loopback port, keeping every message it receives."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class _Keeper:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """``start()``, then ``for_recipient(address)``; ``stop()`` at the end."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self._keeper = _Keeper()
        self._controller = Controller(self._keeper, hostname=self.host, port=self.port)

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def for_recipient(self, address: str) -> list[Received]:
        with self._keeper.lock:
            return [r for r in self._keeper.received if address in r.recipients]

    def wait_for(self, address: str, seconds: float) -> list[Received]:
        deadline = time.monotonic() + seconds
        while not self.for_recipient(address):
            assert time.monotonic() < deadline, f"no message for {address} in {seconds} s"
            time.sleep(0.25)
        return self.for_recipient(address)
