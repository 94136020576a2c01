"""A real SMTP server on loopback (aiosmtpd) for the sending tests."""

from __future__ import annotations

import email
import email.policy
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Accepts mail and records it; answers 451 (try later) once to each address in ``flaky``."""

    def __init__(self, flaky: set[str] | None = None) -> None:
        self.flaky = set(flaky or ())
        self.received: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.flaky:
            self.flaky.discard(address)
            self.refused[address] += 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            self.received[address] += 1
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(handler: RecordingHandler) -> Iterator[int]:
    """Run an SMTP server on 127.0.0.1 for the duration of the block; yields its port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
