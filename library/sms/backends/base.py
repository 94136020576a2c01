"""What every SMS backend does: hand one message to a gateway, or say why it could not."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164
    text: str
    encoding: str  # encoding.GSM7 or encoding.UCS2
    report_url: str  # where the gateway sends delivery reports ("" for none)


class GatewayError(Exception):
    """The gateway did not take the message this time (down, busy): try again later."""


class PermanentGatewayError(GatewayError):
    """The gateway refused this message for good (it will refuse it again)."""


class BaseSmsBackend:
    def send(self, message: Outgoing) -> str:
        """Hands ``message`` over; returns the gateway's reply, or raises ``GatewayError``."""
        raise NotImplementedError
