"""Tell people what happened: in-app notifications and emails in the recipient's language.

``notify_*`` create one ``Notification`` per (recipient, event) — a unique row, so an event can
never notify the same person twice — and enqueue the mail task once the transaction commits.
``send_notification_email`` (queue ``mail``) locks the row and sends only while the email is
still pending, so running it twice, or two workers at once, sends one email. On an SMTP failure
it records the attempt and tries again later (deferred task when the backend can defer, else
``manage.py send_pending_notifications`` from cron), up to ``EMAIL_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from library.public_origin import absolute_url

from ..conf import portal_setting
from ..models import Guardian, Notification, NotificationPreference, RequestEvent, ThreadPost
from ..schools.scoping import account_may_see_pupil

logger = logging.getLogger("maktaba.portal.notifications")


def _create(recipient, key: str, kind: str, pupil_id: int, **links) -> Notification | None:
    """Notify ``recipient`` about pupil ``pupil_id``, unless the account no longer sees the pupil
    (a guardian whose link the school suspended or removed)."""
    if recipient is None or not recipient.is_active:
        return None
    if not account_may_see_pupil(recipient, pupil_id):
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key, kind=kind, **links
            )
    except IntegrityError:
        return None  # already notified of this event
    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notify_request_event(event: RequestEvent) -> Notification | None:
    """The requester learns of a status change made by the school."""
    return _create(
        event.request.requester,
        f"event:{event.pk}",
        Notification.Kind.REQUEST_STATUS,
        event.request.pupil_id,
        request_event=event,
    )


def notify_reply(post: ThreadPost) -> Notification | None:
    """The author of a thread learns that the school replied."""
    return _create(
        post.thread.author,
        f"post:{post.pk}",
        Notification.Kind.MESSAGE_REPLY,
        post.thread.pupil_id,
        post=post,
    )


def remember_language(user, language: str | None) -> None:
    """Keep the language a pupil writes in as their email language, unless they chose one.

    Guardians have ``Guardian.preferred_language`` from their file, which is kept instead.
    """
    language = (language or "").split("-")[0]
    if not user.is_authenticated or Guardian.objects.filter(user=user).exists():
        return
    if language in dict(settings.LANGUAGES):
        NotificationPreference.objects.get_or_create(user=user, defaults={"language": language})


def recipient_contact(user) -> tuple[str, str, bool]:
    """(email address, language, opted out) of a user; the address may be empty."""
    preference = NotificationPreference.objects.filter(user=user).first()
    guardian = Guardian.objects.filter(user=user).first()
    address = user.email or (guardian.email if guardian else "")
    language = (preference.language if preference else "") or (
        guardian.preferred_language if guardian else ""
    )
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return address, language, bool(preference and preference.email_opt_out)


def _absolute(path: str) -> str:
    return absolute_url(path)


def build_email(notification: Notification, address: str, language: str) -> EmailMessage:
    """The email for ``notification``, rendered in ``language``."""
    with translation.override(language):
        if notification.kind == Notification.Kind.REQUEST_STATUS:
            event = notification.request_event
            context = {
                "request": event.request,
                "event": event,
                "status": event.request.Status(event.to_status).label,
                "url": _absolute(reverse("portal_auth:request_detail", args=[event.request_id])),
            }
            template = "request_status"
        else:
            post = notification.post
            context = {
                "thread": post.thread,
                "post": post,
                "url": _absolute(reverse("portal_auth:thread_detail", args=[post.thread_id])),
            }
            template = "message_reply"
        context["language"] = language
        subject = render_to_string(f"portal_auth/requests/email/{template}_subject.txt", context)
        body = render_to_string(f"portal_auth/requests/email/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[address],
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Maktaba-Notification": notification.key,
        },
    )


@task(queue_name="mail")
def send_notification_email(notification_id: int) -> str:
    """Send one notification's email unless it was sent (or skipped) already; returns its state."""
    retry = False
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "gone"
        if notification.email_status != Notification.EmailStatus.PENDING:
            return notification.email_status
        address, language, opted_out = recipient_contact(notification.recipient)
        if opted_out or not address:
            notification.email_status = Notification.EmailStatus.SKIPPED
            notification.save(update_fields=["email_status"])
            return notification.email_status
        message = build_email(notification, address, language)
        notification.email_attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            notification.email_error = f"{type(error).__name__}: {error}"[:200]
            if notification.email_attempts >= portal_setting("EMAIL_MAX_ATTEMPTS"):
                notification.email_status = Notification.EmailStatus.FAILED
            else:
                retry = True
            logger.warning(
                "notification %s: email attempt %s failed: %s",
                notification.pk,
                notification.email_attempts,
                notification.email_error,
            )
        else:
            notification.email_status = Notification.EmailStatus.SENT
            notification.email_sent_at = timezone.now()
            notification.email_error = ""
        notification.save(
            update_fields=["email_status", "email_attempts", "email_sent_at", "email_error"]
        )
    if retry:
        _schedule_retry(notification.pk)
    return notification.email_status


def _schedule_retry(notification_id: int) -> None:
    """Try again later if the task backend can defer; otherwise the cron command picks it up."""
    if not send_notification_email.get_backend().supports_defer:
        return
    delay = datetime.timedelta(seconds=portal_setting("EMAIL_RETRY_SECONDS"))
    send_notification_email.using(run_after=timezone.now() + delay).enqueue(notification_id)


def send_pending_notifications() -> int:
    """Enqueue every notification whose email is still pending; returns how many."""
    ids = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        send_notification_email.enqueue(pk)
    return len(ids)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
