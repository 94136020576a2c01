"""Kannel's ``sendsms`` interface: the open-source gateway most operators and aggregators speak.

Arabic goes as UCS-2 (``coding=2``, the text in UTF-16BE), Latin text as GSM 7-bit; Kannel splits
long texts into concatenated parts. Delivery reports come back on ``dlr-url`` with ``%d``
replaced by the report's type (1 delivered, 2 not delivered, 4 queued at the operator, 8 taken by
the operator, 16 refused by the operator).

Answers: 202 ``0: Accepted for delivery`` or ``3: Queued for later delivery`` (the operator's link
is down; Kannel keeps the message) are success. A 4xx (wrong user or password, a refused number)
will be answered again: permanent. A 5xx or no answer at all: try again later.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from ..conf import sms_setting
from ..encoding import UCS2
from .base import BUSY, UNEXPECTED, BaseSmsBackend, GatewayError, Outgoing, PermanentGatewayError

DLR_ALL = 31  # 1 + 2 + 4 + 8 + 16: every report Kannel can give


class KannelBackend(BaseSmsBackend):
    def __init__(self) -> None:
        options = sms_setting("KANNEL")
        self.url = options["URL"]
        self.username = options["USERNAME"]
        self.password = options["PASSWORD"]
        self.smsc = options.get("SMSC", "")
        self.timeout = float(options.get("TIMEOUT", 10))
        self.sender = sms_setting("SENDER")

    def query(self, message: Outgoing) -> dict[str, str]:
        params = {
            "username": self.username,
            "password": self.password,
            "to": message.to,
        }
        if self.sender:
            params["from"] = self.sender
        if self.smsc:
            params["smsc"] = self.smsc
        if message.encoding == UCS2:
            params.update(coding="2", charset="UTF-16BE")
        else:
            params.update(coding="0", charset="UTF-8")
        if message.report_url:
            params.update({"dlr-mask": str(DLR_ALL), "dlr-url": message.report_url})
        return params

    def send(self, message: Outgoing) -> str:
        params = self.query(message)
        charset = params["charset"]
        encoded = urllib.parse.urlencode(params)
        text = urllib.parse.quote_from_bytes(message.text.encode(charset.lower().replace("-", "_")))
        url = f"{self.url}?{encoded}&text={text}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as answer:
                reply = answer.read(200).decode("utf-8", errors="replace").strip()
        except urllib.error.HTTPError as error:
            reply = error.read(200).decode("utf-8", errors="replace").strip()
            described = f"HTTP {error.code}: {reply}"
            if 400 <= error.code < 500:
                raise PermanentGatewayError(described) from None
            raise GatewayError(described, BUSY) from None
        except (OSError, ValueError) as error:
            raise GatewayError(f"gateway unreachable: {error}") from None
        if not reply.startswith(("0:", "3:")):
            raise GatewayError(f"unexpected answer: {reply}", UNEXPECTED)
        return reply
