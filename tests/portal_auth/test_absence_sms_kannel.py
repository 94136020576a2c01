"""An absence, end to end, through a real Kannel: recorded by the school, the guardian's SMS in
Arabic (UCS-2, one segment) at the operator, delivered, and shown so on the staff screen; the
gateway down, then back: the message waits, then goes out once.

Skipped when Debian's ``kannel`` and ``kannel-extras`` are missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from library.sms.models import SmsMessage, SmsStatus
from library.sms.tasks import send_due_sms_task
from portal_auth.models import Notification
from tests.factories.records import make_absence
from tests.factories.schools import (
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
)
from tests.library.sms.kannel_gateway import PASSWORD, USERNAME, Kannel, installed

pytestmark = [
    pytest.mark.skipif(not installed(), reason="kannel and kannel-extras are not installed"),
    # On SQLite the test database is one shared in-memory database: the live server writing
    # Kannel's delivery report and the test writing the message can meet a table lock that a
    # real (file) database would wait out. This journey runs on PostgreSQL (CI runs both);
    # tests/library/sms/test_kannel.py covers the gateway and its reports on SQLite.
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="the end-to-end SMS journey runs on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def through(tmp_path, live_server):
    gateway = Kannel(tmp_path).start()
    options = {
        "BACKEND": "library.sms.backends.kannel.KannelBackend",
        "SENDER": "MAKTABA",
        "KANNEL": {"URL": gateway.sendsms_url, "USERNAME": USERNAME, "PASSWORD": PASSWORD},
        "REPORT_BASE_URL": live_server.url,
        "RETRY_SECONDS": 1,
        "QUIET_HOURS": {"START": "00:00", "END": "00:00"},
    }
    try:
        with override_settings(MAKTABA_SMS=options):
            yield gateway
    finally:
        gateway.stop()


def wait_status(message: SmsMessage, status: str, seconds: float = 20) -> SmsMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status == status:
            return message
        time.sleep(0.2)
    raise AssertionError(f"message is {message.status}, not {status}: {message.last_error}")


@pytest.fixture
def family():
    school = make_school(name_ar="ثانوية ابن سينا", name_fr="Lycée Ibn Sina")
    pupil = make_pupil(make_class(school), first_name_ar="سلمى", first_name_latin="Salma")
    guardian = make_guardian(phone="0661234567", preferred_language="ar")
    link_guardian(guardian, pupil)
    return school, pupil, guardian


def test_an_absence_reaches_the_guardians_phone_and_comes_back_delivered(
    through, family, client_for
):
    school, pupil, _guardian = family
    make_absence(pupil, date=datetime.date(2025, 12, 3), period="morning")
    (got,) = through.wait_received(1)
    assert (got.to, got.kind) == ("+212661234567", "ucs-2")
    assert got.text == "غياب سلمى صباحا يوم 3 دجنبر - ثانوية ابن سينا"
    message = wait_status(Notification.objects.get(kind="absence").sms, SmsStatus.DELIVERED)
    assert message.segments == 1
    staff = client_for("admin_staff", school)
    with translation.override("ar"):
        delivered = str(SmsStatus.DELIVERED.label)
    page = staff.get(reverse("portal_auth_records:text_messages")).content.decode()
    assert "<td>1</td>" in page  # one delivered, one segment
    listing = staff.get(
        reverse("portal_auth_records:text_messages"), {"pupil": pupil.pk}
    ).content.decode()
    assert delivered in listing and "+212661234567" in listing


def test_with_the_gateway_down_the_absence_waits_then_goes_out_once(through, family):
    _school, pupil, _guardian = family
    through.stop_smsbox()
    make_absence(pupil, date=datetime.date(2025, 12, 4))
    message = Notification.objects.get(kind="absence").sms
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED and "unreachable" in message.last_error
    through.start_smsbox()
    time.sleep(1.2)  # RETRY_SECONDS
    assert send_due_sms_task.call() == 1
    assert send_due_sms_task.call() == 0
    (got,) = through.wait_received(1)
    time.sleep(0.5)
    assert len(through.received()) == 1 and "سلمى" in got.text
    wait_status(message, SmsStatus.DELIVERED)
