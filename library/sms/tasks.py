"""The queue's side of text messages: send one, and send whatever is due."""

from __future__ import annotations

from django_tasks import task

from . import delivery_reports, sending
from .models import SmsMessage


@task(queue_name="mail")
def send_sms_task(message_id: int) -> str | None:
    """Hands one message to the gateway (if still due); returns its new status."""
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None:
        return None
    attempt = sending.deliver(message_id, delivery_reports.report_url(message))
    return attempt.status if attempt else None


@task(queue_name="mail")
def send_due_sms_task() -> int:
    """Every message whose (next) attempt is due, and those a killed worker cut off."""
    sending.fail_interrupted()
    sent = 0
    for message_id in sending.due_ids():
        message = SmsMessage.objects.get(pk=message_id)
        if sending.deliver(message_id, delivery_reports.report_url(message)) is not None:
            sent += 1
    return sent
