"""Text messages through a real Kannel to its fake operator, and the delivery reports back.

Skipped when Debian's ``kannel`` and ``kannel-extras`` are missing (``.ci/run`` installs them:
``MAKTABA_WITH_KANNEL=1 ./scripts/setup_env.sh``).
"""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from library.sms import sending
from library.sms.models import SmsMessage, SmsStatus
from library.sms.tasks import send_due_sms_task, send_sms_task

from .kannel_gateway import PASSWORD, USERNAME, Kannel, installed

pytestmark = [
    pytest.mark.skipif(not installed(), reason="kannel and kannel-extras are not installed"),
    # The live server answers delivery reports from its own thread: real commits are needed.
    # serialized_rollback: the flush after each test leaves the tables empty (no content types
    # made again under new ids), as the serialized-rollback tests after it expect on PostgreSQL.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def kannel(tmp_path):
    gateway = Kannel(tmp_path).start()
    yield gateway
    gateway.stop()


@pytest.fixture
def through(kannel, live_server):
    options = {
        "BACKEND": "library.sms.backends.kannel.KannelBackend",
        "SENDER": "MAKTABA",
        "KANNEL": {"URL": kannel.sendsms_url, "USERNAME": USERNAME, "PASSWORD": PASSWORD},
        "REPORT_BASE_URL": live_server.url,
        "RETRY_SECONDS": 1,
        "QUIET_HOURS": {"START": "00:00", "END": "00:00"},
    }
    with override_settings(MAKTABA_SMS=options):
        yield kannel


def operator_messages(kannel: Kannel, count: int):
    got = kannel.wait_received(count)
    time.sleep(0.5)  # nothing more comes
    got = kannel.received()
    assert len(got) == count, got
    return got


def wait_status(message: SmsMessage, status: str, seconds: float = 20) -> SmsMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status == status:
            return message
        time.sleep(0.2)
    raise AssertionError(f"message is {message.status}, not {status}: {message.last_error}")


def test_arabic_goes_as_ucs2_and_comes_back_delivered(through):
    text = "غياب سلمى يوم 3 دجنبر (الصباح) - ثانوية ابن سينا"
    message, _ = sending.queue("absence:1", "06 12 34 56 78", text)
    assert send_sms_task.call(message.pk) == SmsStatus.SENT
    (got,) = operator_messages(through, 1)
    assert (got.to, got.kind, got.text) == ("+212612345678", "ucs-2", text)
    message = wait_status(message, SmsStatus.DELIVERED)
    assert sorted(message.reports.values_list("kind", flat=True)) == [1, 8]
    assert message.gateway_reply.startswith("0: Accepted")


def test_french_goes_as_gsm_text(through):
    text = "Absence de Salma le 3 déc. matin - Lycée Ibn Sina"
    message, _ = sending.queue("absence:2", "+212 7 12 34 56 78", text)
    send_sms_task.call(message.pk)
    (got,) = operator_messages(through, 1)
    assert (got.to, got.kind) == ("+212712345678", "text")
    assert got.text.replace("+", " ").startswith("Absence de Salma")
    wait_status(message, SmsStatus.DELIVERED)


def test_a_long_arabic_text_arrives_in_concatenated_parts(through):
    text = "تذكير: " + "فرض محروس في الرياضيات يوم الاثنين " * 3
    message, _ = sending.queue("test-date:3", "0612345678", text)
    assert message.segments == 2
    send_sms_task.call(message.pk)
    parts = operator_messages(through, 2)
    assert all(part.udh for part in parts), parts


def test_gateway_down_then_back_sends_each_message_once(through):
    through.stop_smsbox()
    message, _ = sending.queue("absence:4", "0612345678", "غياب")
    assert send_sms_task.call(message.pk) == SmsStatus.QUEUED
    message.refresh_from_db()
    assert "unreachable" in message.last_error and message.attempts == 1
    through.start_smsbox()
    SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.next_attempt_at)
    time.sleep(1.2)  # RETRY_SECONDS
    assert send_due_sms_task.call() == 1
    assert send_due_sms_task.call() == 0  # nothing left: a second run sends nothing twice
    operator_messages(through, 1)
    wait_status(message, SmsStatus.DELIVERED)


def test_a_wrong_password_fails_without_retrying(through, settings):
    settings.MAKTABA_SMS = {
        **settings.MAKTABA_SMS,
        "KANNEL": {**settings.MAKTABA_SMS["KANNEL"], "PASSWORD": "wrong"},
    }
    message, _ = sending.queue("absence:5", "0612345678", "غياب")
    assert send_sms_task.call(message.pk) == SmsStatus.FAILED
    message.refresh_from_db()
    assert "HTTP 403" in message.last_error
    time.sleep(1)
    assert through.received() == []
