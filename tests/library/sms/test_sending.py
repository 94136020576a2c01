"""A message's life: queued once, handed over once, retried with backoff, reports forward only."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from library.sms import delivery_reports, sending
from library.sms.backends import GatewayError, PermanentGatewayError, locmem
from library.sms.backends.base import BaseSmsBackend
from library.sms.models import DeliveryReport, SmsMessage, SmsStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


class Failing(BaseSmsBackend):
    error: type[Exception] = GatewayError
    calls = 0

    def send(self, message):
        type(self).calls += 1
        raise self.error("gateway unreachable: connection refused")


class Refusing(Failing):
    error = PermanentGatewayError


def using(backend: type[BaseSmsBackend], **options):
    path = f"{backend.__module__}.{backend.__qualname__}"
    # Keep the test settings' other keys (quiet hours off): these tests must not depend on the
    # hour they run at.
    return override_settings(
        MAKTABA_SMS={**settings.MAKTABA_SMS, "BACKEND": path, "SENDER": "MAKTABA", **options}
    )


def test_the_same_key_queues_one_message():
    first, created = sending.queue("absence:1", "0612345678", "غياب")
    again, created_again = sending.queue("absence:1", "0612345678", "غياب")
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert (first.to, first.encoding, first.segments) == ("+212612345678", "ucs2", 1)


def test_an_unreachable_number_is_recorded_and_never_tried():
    message, _ = sending.queue("absence:2", "0522 12 34 56", "Absence")
    assert message.status == SmsStatus.REFUSED
    assert message.last_error == "number:fixed_line"
    with translation.override("fr"):
        assert "téléphone fixe" in sending.error_display(message)
    assert message.raw_number == "0522 12 34 56"
    assert sending.deliver(message.pk) is None
    assert sending.due_ids() == []
    assert locmem.outbox == []


def test_a_message_is_handed_over_once():
    message, _ = sending.queue("absence:3", "0612345678", "Absence de Salma")
    assert sending.deliver(message.pk, "https://x/r?type=%d").status == SmsStatus.SENT
    assert sending.deliver(message.pk) is None  # a retried task finds it sent
    assert [m.to for m in locmem.outbox] == ["+212612345678"]
    assert locmem.outbox[0].report_url == "https://x/r?type=%d"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_reply) == ("sent", 1, "locmem: kept")


def test_a_gateway_down_keeps_the_message_queued_with_doubling_waits():
    message, _ = sending.queue("absence:4", "0612345678", "Absence")
    with using(Failing, RETRY_SECONDS=60, RETRY_MAX_SECONDS=200, MAX_ATTEMPTS=5):
        waits = []
        for _ in range(3):
            SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            before = timezone.now()
            attempt = sending.deliver(message.pk)
            assert attempt.status == SmsStatus.QUEUED
            waits.append(round((attempt.retry_at - before).total_seconds() / 10) * 10)
        assert waits == [60, 120, 200]
        assert sending.deliver(message.pk) is None  # not due yet
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 3)
    assert "connection refused" in message.last_error
    # The gateway is back: the next due run sends it.
    SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert sending.due_ids() == [message.pk]
    assert sending.deliver(message.pk).status == SmsStatus.SENT


def test_attempts_stop_at_the_limit():
    message, _ = sending.queue("absence:5", "0612345678", "Absence")
    with using(Failing, MAX_ATTEMPTS=2):
        sending.deliver(message.pk)
        SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert sending.deliver(message.pk).status == SmsStatus.FAILED
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)


def test_a_permanent_refusal_is_not_retried():
    message, _ = sending.queue("absence:6", "0612345678", "Absence")
    Refusing.calls = 0
    with using(Refusing):
        assert sending.deliver(message.pk).status == SmsStatus.FAILED
    assert Refusing.calls == 1


def test_a_message_cut_off_while_sending_is_failed_not_sent_again():
    message, _ = sending.queue("absence:7", "0612345678", "Absence")
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    SmsMessage.objects.filter(pk=message.pk).update(status="sending", sending_since=long_ago)
    fresh, _ = sending.queue("absence:8", "0612345678", "Absence")
    SmsMessage.objects.filter(pk=fresh.pk).update(status="sending", sending_since=timezone.now())
    assert sending.fail_interrupted() == 1
    message.refresh_from_db()
    assert (message.status, message.last_error) == ("failed", sending.INTERRUPTED)
    assert SmsMessage.objects.get(pk=fresh.pk).status == "sending"


def test_moves_outside_the_table_are_refused():
    with pytest.raises(sending.TransitionError):
        sending.check_move(SmsStatus.DELIVERED, SmsStatus.SENT)
    with pytest.raises(sending.TransitionError):
        sending.check_move(SmsStatus.REFUSED, SmsStatus.SENDING)


@override_settings(
    MAKTABA_SMS={
        "BACKEND": "library.sms.backends.locmem.LocmemBackend",
        "REPORT_BASE_URL": "http://maktaba.test/",
        "QUIET_HOURS": {"START": "00:00", "END": "00:00"},  # whatever the hour of the run
    }
)
def test_reports_move_a_message_forward_only(client):
    message, _ = sending.queue("absence:9", "0612345678", "Absence")
    sending.deliver(message.pk)
    url = delivery_reports.report_url(message)
    assert url.startswith("http://maktaba.test/sms/delivery/") and url.endswith("?type=%d")
    path = url.removeprefix("http://maktaba.test").removesuffix("?type=%d")
    assert client.get(path, {"type": "1"}).content == b"ok"
    assert client.get(path, {"type": "8"}).status_code == 200  # late: kept, changes nothing
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED and message.delivered_at is not None
    assert list(DeliveryReport.objects.values_list("kind", flat=True)) == [1, 8]


def test_a_forged_or_malformed_report_is_refused(client):
    message, _ = sending.queue("absence:10", "0612345678", "Absence")
    forged = reverse("sms:delivery_report", args=[f"{message.pk}:forged"])
    assert client.get(forged, {"type": "1"}).status_code == 404
    with override_settings(
        MAKTABA_SMS={
            "BACKEND": "library.sms.backends.locmem.LocmemBackend",
            "REPORT_BASE_URL": "http://t",
            "QUIET_HOURS": {"START": "00:00", "END": "00:00"},
        }
    ):
        path = (
            delivery_reports.report_url(message).removeprefix("http://t").removesuffix("?type=%d")
        )
    assert client.get(path, {"type": "x"}).status_code == 400
    assert client.get(path, {"type": "3"}).status_code == 400
    assert client.post(path, {"type": "1"}).status_code == 405
    assert SmsMessage.objects.get(pk=message.pk).status == SmsStatus.QUEUED
    assert DeliveryReport.objects.count() == 0


class ReportsBeforeAnswering(BaseSmsBackend):
    """A fast operator: the "delivered" report arrives before the gateway's own answer."""

    def send(self, message):
        row = SmsMessage.objects.get(to=message.to, status=SmsStatus.SENDING)
        delivery_reports.record(row, 1)
        return "0: Accepted for delivery"


def test_a_report_that_overtakes_the_gateways_answer_is_kept():
    message, _ = sending.queue("absence:11", "0612345678", "Absence")
    with using(ReportsBeforeAnswering):
        assert sending.deliver(message.pk).status == SmsStatus.DELIVERED
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("delivered", 1)
    assert message.gateway_reply == "0: Accepted for delivery" and message.sent_at is not None


def test_gateway_errors_are_worded_for_staff_with_what_happens_next():
    message, _ = sending.queue("absence:20", "0612345678", "Absence")
    with using(Failing, MAX_ATTEMPTS=2):
        sending.deliver(message.pk)
        message.refresh_from_db()
        assert message.last_error.startswith("gateway:unreachable: ")
        with translation.override("fr"):
            shown = sending.error_display(message)
        assert "passerelle" in shown and "réessaie" in shown
        assert "connection refused" not in shown
        SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        sending.deliver(message.pk)
    message.refresh_from_db()
    with translation.override("ar"):
        shown = sending.error_display(message)
    assert "محاولتين" in shown and "connection" not in shown


def test_a_refusal_says_what_to_check_and_that_it_is_not_retried():
    message, _ = sending.queue("absence:21", "0612345678", "Absence")
    with using(Refusing):
        sending.deliver(message.pk)
    message.refresh_from_db()
    assert message.last_error.startswith("gateway:refused: ")
    with translation.override("fr"):
        shown = sending.error_display(message)
    assert "mot de passe" in shown and "pas renvoyé" in shown


def test_an_interrupted_send_is_explained():
    message, _ = sending.queue("absence:22", "0612345678", "Absence")
    SmsMessage.objects.filter(pk=message.pk).update(status="failed", last_error=sending.INTERRUPTED)
    message.refresh_from_db()
    with translation.override("fr"):
        assert "serveur s'est arrêté" in sending.error_display(message)
