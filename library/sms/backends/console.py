"""Development: messages are written to the console (standard output) instead of sent."""

from __future__ import annotations

import sys

from .base import BaseSmsBackend, Outgoing


class ConsoleBackend(BaseSmsBackend):
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: Outgoing) -> str:
        self.stream.write(
            f"SMS to {message.to} ({message.encoding}):\n{message.text}\n{'-' * 40}\n"
        )
        self.stream.flush()
        return "console: written"
