"""Every text message Maktaba hands to a gateway, and what the gateway reported back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    UNDELIVERED = "undelivered", _("not delivered")
    FAILED = "failed", _("failed")
    REFUSED = "refused", _("refused (number)")


class SmsMessage(models.Model):
    """One text message; ``key`` makes queueing idempotent (the same event never sends twice)."""

    key = models.CharField(max_length=120, unique=True, help_text="event:<id> or similar")
    category = models.CharField(_("kind"), max_length=40, blank=True)
    batch = models.CharField(_("batch"), max_length=80, blank=True, db_index=True)
    raw_number = models.CharField(_("number as written"), max_length=40)
    to = models.CharField(_("number"), max_length=16, blank=True)
    text = models.TextField(_("text"))
    encoding = models.CharField(max_length=8)
    segments = models.PositiveSmallIntegerField(_("segments"))
    status = models.CharField(
        _("status"), max_length=12, choices=SmsStatus.choices, default=SmsStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=300, blank=True)
    gateway_reply = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sms_due")]

    def __str__(self) -> str:
        return f"{self.to or self.raw_number}: {self.get_status_display()}"


class DeliveryReport(models.Model):
    """A report the gateway sent back (Kannel's ``dlr-url``), kept as it came."""

    message = models.ForeignKey(SmsMessage, on_delete=models.CASCADE, related_name="reports")
    kind = models.PositiveSmallIntegerField()  # Kannel's DLR type: 1, 2, 4, 8 or 16
    detail = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.kind}"
