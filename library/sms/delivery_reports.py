"""Delivery reports: the signed address a gateway calls back, and what each report means.

The address carries the message's id signed with the site's key, so nobody else can mark a
message delivered. Reports only move a message forward (``sending.MOVES``).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .conf import sms_setting
from .models import DeliveryReport, SmsMessage, SmsStatus
from .sending import MOVES

SALT = "maktaba.sms.delivery-report"

# Kannel's report types → the status they mean (4 "queued at the operator" and 8 "taken by the
# operator" confirm "sent").
MEANING = {
    1: SmsStatus.DELIVERED,
    2: SmsStatus.UNDELIVERED,
    4: SmsStatus.SENT,
    8: SmsStatus.SENT,
    16: SmsStatus.UNDELIVERED,
}


def report_url(message: SmsMessage) -> str:
    """The address the gateway calls for ``message``'s reports ("" when none are asked)."""
    base = sms_setting("REPORT_BASE_URL").rstrip("/")
    if not base:
        return ""
    token = signing.dumps(message.pk, salt=SALT, compress=True)
    return f"{base}{reverse('sms:delivery_report', args=[token])}?type=%d"


def message_for(token: str) -> SmsMessage | None:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return SmsMessage.objects.filter(pk=pk).first()


def record(message: SmsMessage, kind: int, detail: str = "") -> SmsMessage:
    """Keeps the report; moves the message forward when the report allows it."""
    DeliveryReport.objects.create(message=message, kind=kind, detail=detail[:200])
    new = MEANING.get(kind)
    if new is None or new == message.status:
        return message
    allowed = MOVES[message.status] | (
        {SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.UNDELIVERED}
        if message.status == SmsStatus.SENDING  # the report overtook the gateway's answer
        else set()
    )
    if new not in allowed:
        return message
    fields = {"status": new}
    if new == SmsStatus.DELIVERED:
        fields["delivered_at"] = timezone.now()
    SmsMessage.objects.filter(pk=message.pk, status=message.status).update(**fields)
    message.refresh_from_db()
    return message
