"""A notification's e-mail: written in the recipient's language, sent once, tried again on SMTP
failure up to ``EMAIL_MAX_ATTEMPTS`` (``tasks.py`` defers the next try when the queue can)."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from library.public_origin import absolute_url

from ...conf import portal_setting
from ...models import Absence, Notification
from . import texts
from .service import recipient_address, recipient_language

logger = logging.getLogger("maktaba.portal.notifications")

K = Notification.Kind


def _context(notification: Notification, language: str) -> tuple[str, dict]:
    if notification.kind == K.REQUEST_STATUS:
        event = notification.request_event
        return "requests/email/request_status", {
            "request": event.request,
            "event": event,
            "status": event.request.Status(event.to_status).label,
        }
    if notification.kind == K.MESSAGE_REPLY:
        post = notification.post
        return "requests/email/message_reply", {"thread": post.thread, "post": post}
    absence_id = (notification.data or {}).get("absence")
    if notification.kind == K.ABSENCE and notification.guardian_id and absence_id:
        found = Absence.objects.select_related("school_class__school").filter(pk=absence_id).first()
        if found is not None:
            return "email/absence", {
                "absence": found,
                "pupil": notification.pupil,
                "guardian": notification.guardian,
            }
    return "email/notice", {"text": texts.notice_text(notification, language)}


def build_email(notification: Notification, address: str, language: str) -> EmailMessage:
    """The e-mail for ``notification``, rendered in ``language``."""
    with translation.override(language):
        template, context = _context(notification, language)
        context.update(
            language=language, url=absolute_url(notification.link) if notification.link else ""
        )
        subject = render_to_string(f"portal_auth/{template}_subject.txt", context)
        body = render_to_string(f"portal_auth/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[address],
        headers={"Auto-Submitted": "auto-generated", "X-Maktaba-Notification": notification.key},
    )


def send_email(notification_id: int) -> tuple[str, bool]:
    """Send one notification's e-mail unless it was sent (or skipped) already.

    Returns its state and whether to try again later. The row is locked while sending, so two
    workers at once send one e-mail.
    """
    retry = False
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "guardian", "pupil", "school")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "gone", False
        if notification.email_status != Notification.EmailStatus.PENDING:
            return notification.email_status, False
        address = recipient_address(notification)
        if not address:
            notification.email_status = Notification.EmailStatus.SKIPPED
            notification.save(update_fields=["email_status"])
            return notification.email_status, False
        message = build_email(notification, address, recipient_language(notification))
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
    return notification.email_status, retry


def pending_ids() -> list[int]:
    return list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
