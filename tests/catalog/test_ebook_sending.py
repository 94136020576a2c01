"""Sending the e-book's link to every school director, against a real SMTP server on loopback."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import translation

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookDelivery
from catalog.ebook.recipients import Recipient
from catalog.ebook.tasks import queue_deliveries
from tests.factories.ebook import chapter, make_ebook

from . import ebook_recipients
from .ebook_smtp import RecordingHandler, free_port, smtp_server

pytestmark = pytest.mark.django_db

PROVIDER = "tests.catalog.ebook_recipients.test_directors"


@pytest.fixture
def build(site_tree, settings):
    settings.MAKTABA_EBOOK = {"RECIPIENT_PROVIDER": PROVIDER, "SEND_BATCH_SIZE": 50}
    page = make_ebook(site_tree[0], chapters=[chapter("مقدمة", ("text", "<p>نص قصير.</p>"))])
    return build_ebook(page)


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.org", "pw-long-enough-123")


@pytest.fixture
def directors():
    ebook_recipients.RECIPIENTS[:] = [
        Recipient(
            key=f"user:{n}",
            name=f"Directeur {n}",
            email=f"director{n}@schools.example.ma",
            language=("ar", "fr", "en")[n % 3],
        )
        for n in range(200)
    ]
    yield ebook_recipients.RECIPIENTS
    ebook_recipients.RECIPIENTS.clear()


def _use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 10
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False


def test_two_hundred_directors_each_receive_exactly_once_with_a_retried_failure(
    build, editor, directors, settings
):
    flaky = "director117@schools.example.ma"
    handler = RecordingHandler(flaky={flaky})
    with smtp_server(handler) as port:
        _use_smtp(settings, port)
        outcome = queue_deliveries(build, editor)
        assert outcome.queued == 200
        # Pressing the button again sends nobody twice.
        again = queue_deliveries(build, editor)
        assert again.queued == 0 and again.already == 200
    assert len(handler.received) == 200
    assert set(handler.received.values()) == {1}
    assert handler.refused[flaky] == 1
    deliveries = EBookDelivery.objects.filter(build=build)
    assert deliveries.count() == 200
    assert set(deliveries.values_list("status", flat=True)) == {EBookDelivery.Status.SENT}
    retried = deliveries.get(email=flaky)
    assert retried.attempts == 2
    others = deliveries.exclude(email=flaky)
    assert set(others.values_list("attempts", flat=True)) == {1}
    # The link, never the file.
    for message in handler.messages:
        assert not any(part.get_filename() for part in message.walk())
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert build.page.get_full_url() in body
        assert "download/latest.epub" in body


def test_messages_are_in_the_recipients_language(build, editor, settings):
    ebook_recipients.RECIPIENTS[:] = [
        Recipient(key="ar", name="مدير", email="ar@example.ma", language="ar"),
        Recipient(key="fr", name="Directrice", email="fr@example.ma", language="fr"),
    ]
    try:
        queue_deliveries(build, editor)
    finally:
        ebook_recipients.RECIPIENTS.clear()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient["ar@example.ma"].extra_headers["Content-Language"] == "ar"
    assert "الكتاب الإلكتروني" in by_recipient["ar@example.ma"].subject
    assert "livre numérique" in by_recipient["fr@example.ma"].subject
    assert "Bonjour Directrice" in by_recipient["fr@example.ma"].body


def test_director_without_email_is_recorded_as_failed(build, editor):
    ebook_recipients.RECIPIENTS[:] = [
        Recipient(key="a", name="Sans courriel", email="", language="fr"),
        Recipient(key="b", name="Avec", email="b@example.ma", language="fr"),
    ]
    try:
        outcome = queue_deliveries(build, editor)
    finally:
        ebook_recipients.RECIPIENTS.clear()
    assert (outcome.queued, outcome.without_email) == (1, 1)
    missing = EBookDelivery.objects.get(recipient_key="a")
    assert missing.status == EBookDelivery.Status.FAILED
    assert missing.reason == EBookDelivery.Reason.NO_EMAIL
    with translation.override("en"):
        assert missing.get_reason_display() == "No email address"
    with translation.override("fr"):
        assert missing.get_reason_display() == "Pas d’adresse électronique"
    assert len(mail.outbox) == 1


def test_refused_connection_gives_a_clear_failure_after_bounded_attempts(
    build, editor, directors, settings
):
    del directors[3:]
    _use_smtp(settings, free_port())  # nothing listens there
    settings.MAKTABA_EBOOK = {**settings.MAKTABA_EBOOK, "SEND_MAX_ATTEMPTS": 3}
    queue_deliveries(build, editor)
    deliveries = list(EBookDelivery.objects.filter(build=build))
    assert len(deliveries) == 3
    for delivery in deliveries:
        assert delivery.status == EBookDelivery.Status.FAILED
        assert delivery.reason == EBookDelivery.Reason.CONNECTION
        with translation.override("en"):
            assert delivery.get_reason_display() == "The mail server could not be reached"
        assert "ConnectionRefusedError" in delivery.detail
        assert delivery.attempts == 3


def test_permanent_refusal_is_not_retried(build, editor, settings):
    class RefusingHandler(RecordingHandler):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("gone"):
                return "550 5.1.1 No such mailbox"
            return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    ebook_recipients.RECIPIENTS[:] = [
        Recipient(key="gone", name="Gone", email="gone@example.ma"),
        Recipient(key="here", name="Here", email="here@example.ma"),
    ]
    handler = RefusingHandler()
    try:
        with smtp_server(handler) as port:
            _use_smtp(settings, port)
            queue_deliveries(build, editor)
    finally:
        ebook_recipients.RECIPIENTS.clear()
    gone = EBookDelivery.objects.get(recipient_key="gone")
    assert (gone.status, gone.reason, gone.attempts) == ("failed", "refused", 1)
    assert "550" in gone.detail
    assert handler.received == {"here@example.ma": 1}
