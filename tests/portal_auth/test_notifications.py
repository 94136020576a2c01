"""Notifications: one per event and person, one email even if the task runs twice, the
recipient's language, e-mails unticked, the in-app list, and a real SMTP round trip with retries."""

import datetime
import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal_auth import tasks
from portal_auth.desk import notifications
from portal_auth.desk.document_requests import move, submit_request
from portal_auth.desk.notifying import service
from portal_auth.models import DocumentRequest, Notification, NotificationPreference
from tests.factories.desk import desk_staff, family, in_english, local_at  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
S = DocumentRequest.Status


@pytest.fixture
def scheduled(django_capture_on_commit_callbacks):
    school, pupil, guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    with django_capture_on_commit_callbacks(execute=True):
        move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    return request, guardian, user, staff


def test_a_status_change_notifies_the_requester_once(scheduled, django_capture_on_commit_callbacks):
    request, _guardian, user, _staff = scheduled
    notification = Notification.objects.get()
    assert notification.recipient == user
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["parent@example.ma"]
    # the task again, and the notify call again: still one row, one email
    assert tasks.send_notification_email.call(notification.pk) == "sent"
    assert notifications.notify_request_event(request.events.last()) is None
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_the_requesters_own_moves_do_not_notify_them(scheduled, django_capture_on_commit_callbacks):
    request, _guardian, user, _staff = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        move(request, S.CANCELLED, user)
    assert Notification.objects.count() == 1


def test_email_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    school, pupil, guardian, user = family()
    staff = desk_staff(school)
    when = local_at(2, 9)
    months = {
        "fr": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "ar": [
            # the month names Massar writes (Moroccan Arabic), not the Middle-Eastern ones
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "ماي",
            "يونيو",
            "يوليوز",
            "غشت",
            "شتنبر",
            "أكتوبر",
            "نونبر",
            "دجنبر",
        ],
    }
    outputs = {}
    for language, kind in (("fr", "certificate"), ("ar", "transcript")):
        guardian.preferred_language = language
        guardian.save()
        request = submit_request(user, pupil, kind)
        with django_capture_on_commit_callbacks(execute=True):
            move(request, S.SCHEDULED, staff, slot_start=when)
        outputs[language] = mail.outbox[-1].body
    assert months["fr"][when.month - 1] in outputs["fr"]
    assert months["ar"][when.month - 1] in outputs["ar"]
    assert months["fr"][when.month - 1] not in outputs["ar"]
    NotificationPreference.objects.filter(user=user).update(language="en")
    assert service.recipient_language(Notification.objects.first()) == "en"


def test_unticking_emails_keeps_the_in_app_notification_but_sends_no_email(
    client, django_capture_on_commit_callbacks
):
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    client.force_login(user)
    # Every e-mail box unticked (the request updates in the space only), French.
    response = client.post(
        reverse("portal_auth:notifications"),
        {"kind_request_status": ["in_app"], "kind_absence": ["in_app", "sms"], "language": "fr"},
    )
    assert response.status_code == 302
    request = submit_request(user, pupil, "certificate")
    with django_capture_on_commit_callbacks(execute=True):
        move(request, S.REJECTED, staff, reason="<b>Dossier</b> incomplet")
    notification = Notification.objects.get()
    assert notification.email_status == Notification.EmailStatus.SKIPPED
    assert mail.outbox == []
    page = client.get(reverse("portal_auth:notifications")).content.decode()
    assert reverse("portal_auth:request_detail", args=[request.pk]) in page
    notification.refresh_from_db()
    assert notification.read_at is not None


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "maktaba@school.example.ma"
    return port


def test_real_smtp_round_trip_with_a_failure_then_a_retry(
    smtp_settings, django_capture_on_commit_callbacks
):
    school, pupil, guardian, user = family()
    guardian.preferred_language = "ar"
    guardian.save()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    # 1. nothing listens yet: the attempt fails and is recorded, nothing is lost
    with django_capture_on_commit_callbacks(execute=True):
        move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    notification = Notification.objects.get()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.email_attempts == 1 and notification.email_error
    # 2. the server is up: the retry sends it, a second retry sends nothing more
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings)
    controller.start()
    try:
        assert tasks.send_pending_notifications() == 1
        assert tasks.send_pending_notifications() == 0
        assert tasks.send_notification_email.call(notification.pk) == "sent"
    finally:
        controller.stop()
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 2
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["parent@example.ma"]
    message = email.message_from_bytes(envelope.content, policy=default_policy)
    assert message["X-Maktaba-Notification"] == notification.key
    body = message.get_body(("plain",)).get_content()
    assert f"/account/requests/{request.pk}/" in body and "/en/" not in body
    assert request.pupil.full_name_ar in body and "تتبع طلبك" in body  # Arabic, intact
    assert "09:00" in body


def test_gives_up_after_the_last_attempt(
    smtp_settings, settings, django_capture_on_commit_callbacks
):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "EMAIL_MAX_ATTEMPTS": 2}
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    with django_capture_on_commit_callbacks(execute=True):
        move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    tasks.send_pending_notifications()
    notification = Notification.objects.get()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert notification.email_attempts == 2
    assert tasks.send_pending_notifications() == 0


def test_a_pupil_gets_emails_in_the_language_they_wrote_in(client):
    from tests.factories.schools import give_pupil_account

    _school, pupil, _guardian, guardian_user = family()
    pupil_user = give_pupil_account(pupil)
    client.force_login(pupil_user)
    client.post(
        "/fr" + reverse("portal_auth:request_new").removeprefix("/en"),
        {"pupil": pupil.pk, "kind": "transcript"},
    )
    assert DocumentRequest.objects.filter(requester=pupil_user).exists()
    assert NotificationPreference.objects.get(user=pupil_user).language == "fr"
    notifications.remember_language(guardian_user, "en")
    assert NotificationPreference.objects.get(user=guardian_user).language == ""


def test_a_deferring_queue_gets_the_retry_later(smtp_settings, settings):
    """With a backend that can defer (like django_tasks_db), a failed attempt re-enqueues itself
    on the ``mail`` queue after EMAIL_RETRY_SECONDS instead of waiting for cron."""
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "media", "search", "mail"],
        }
    }
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    notification = Notification.objects.get()
    before = timezone.now()
    assert tasks.send_notification_email.call(notification.pk) == "pending"
    backend = tasks.send_notification_email.get_backend()
    retries = [r for r in backend.results if r.task.run_after is not None]
    assert len(retries) == 1
    assert retries[0].task.queue_name == "mail" and retries[0].args == [notification.pk]
    assert retries[0].task.run_after >= before + datetime.timedelta(seconds=299)
