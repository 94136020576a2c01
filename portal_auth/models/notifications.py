"""Notifications: one row per event and recipient, shown in-app and sent by email once.

The row is unique on (recipient, key), so an event can never notify the same person twice; the
mail task locks the row and sends only while ``email_status`` is still ``pending``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import ThreadPost
from .requests import DocumentRequest, RequestEvent


class Notification(models.Model):
    class Kind(models.TextChoices):
        REQUEST_STATUS = "request_status", _("request status changed")
        MESSAGE_REPLY = "message_reply", _("reply from the school")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (no address or opted out)")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_notifications",
        verbose_name=_("recipient"),
    )
    key = models.CharField(max_length=64, help_text="event:<id> or post:<id>")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    request_event = models.ForeignKey(
        RequestEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        ThreadPost, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.key} ({self.email_status})"

    @property
    def document_request(self) -> DocumentRequest | None:
        return self.request_event.request if self.request_event_id else None


class NotificationPreference(models.Model):
    """A person's choices: email or not, and the language of the emails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_opt_out = models.BooleanField(_("do not send me emails"), default=False)
    language = models.CharField(
        _("language of my emails"), max_length=5, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} opt-out={self.email_opt_out}"
