"""Tests: messages are kept in ``outbox``, as Django's locmem e-mail backend keeps e-mails."""

from __future__ import annotations

from .base import BaseSmsBackend, Outgoing

outbox: list[Outgoing] = []


class LocmemBackend(BaseSmsBackend):
    def send(self, message: Outgoing) -> str:
        outbox.append(message)
        return "locmem: kept"
