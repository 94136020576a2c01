"""What every SMS backend does: hand one message to a gateway, or say why it could not."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164
    text: str
    encoding: str  # encoding.GSM7 or encoding.UCS2
    report_url: str  # where the gateway sends delivery reports ("" for none)


#: Why a gateway did not take a message; ``library.sms.sending.error_display`` words each one.
UNREACHABLE = "unreachable"  # no connection to the gateway
BUSY = "busy"  # the gateway answered with a server error
UNEXPECTED = "unexpected"  # the gateway answered something that is not an acceptance
REFUSED = "refused"  # the gateway refused the request itself (credentials, sender, parameters)


class GatewayError(Exception):
    """The gateway did not take the message this time (down, busy): try again later.

    ``code`` is one of the reasons above; the text is the technical detail, kept for the log.
    """

    default_code = UNREACHABLE

    def __init__(self, detail: str, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code


class PermanentGatewayError(GatewayError):
    """The gateway refused this message for good (it will refuse it again)."""

    default_code = REFUSED


class BaseSmsBackend:
    def send(self, message: Outgoing) -> str:
        """Hands ``message`` over; returns the gateway's reply, or raises ``GatewayError``."""
        raise NotImplementedError
