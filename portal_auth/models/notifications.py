"""Notifications: one row per event and recipient, shown in-app, sent by e-mail and SMS once.

The row is unique on (recipient, key) and on (guardian, key), so an event can never notify the
same person twice; each channel keeps its own state on the row (``in_app``, ``email_status``,
``sms`` with ``sms_note`` saying why none was queued). A guardian without an account (only the
school's file knows them) gets rows with no ``recipient``: no in-app list, text messages only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from library.sms.models import SmsMessage

from .messages import ThreadPost
from .organisation import School
from .people import Guardian, Pupil
from .requests import DocumentRequest, RequestEvent


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in my space")
    EMAIL = "email", _("by e-mail")
    SMS = "sms", _("by text message (SMS)")


class Notification(models.Model):
    class Kind(models.TextChoices):
        ABSENCE = "absence", _("absences")
        MARKS_PUBLISHED = "marks_published", _("marks published")
        ASSESSMENT = "assessment", _("test and exam dates")
        REQUEST_STATUS = "request_status", _("request updates")
        MESSAGE_REPLY = "message_reply", _("replies from the school")
        ASSIGNMENT_NEW = "assignment_new", _("new homework")
        ASSIGNMENT_DUE = "assignment_due", _("homework due tomorrow")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (no address or not chosen)")
        FAILED = "failed", _("failed")

    class SmsNote(models.TextChoices):
        QUEUED = "", _("queued")
        NOT_CHOSEN = "not_chosen", _("not chosen by the family")
        SCHOOL_OFF = "school_off", _("text messages turned off by the school")
        NO_NUMBER = "no_number", _("no phone number")
        DAILY_CAP = "daily_cap", _("daily limit reached")
        PAST = "past", _("about a day long past")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_notifications",
        verbose_name=_("recipient"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("guardian"),
    )
    key = models.CharField(max_length=64, help_text="event:<id>, absence:<id>, ...")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("pupil"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("school"),
    )
    # What the message says besides the pupil (a date, a period, a subject...), as plain values,
    # so that the list shows it in the reader's language of the day.
    data = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    batch = models.CharField(_("batch"), max_length=80, blank=True, db_index=True)
    request_event = models.ForeignKey(
        RequestEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        ThreadPost, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    in_app = models.BooleanField(_("in the space"), default=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)
    sms = models.OneToOneField(
        SmsMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        verbose_name=_("text message"),
    )
    sms_note = models.CharField(
        _("text message"), max_length=12, choices=SmsNote.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event"),
            models.UniqueConstraint(
                fields=["guardian", "key"], name="one_notification_per_guardian_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id or self.guardian_id} {self.key} ({self.email_status})"

    @property
    def document_request(self) -> DocumentRequest | None:
        return self.request_event.request if self.request_event_id else None


class NotificationPreference(models.Model):
    """A person's choices: for each kind of news, the channels that bring it, and a language.

    ``channels`` holds only the kinds the person changed (``{"absence": ["in_app", "sms"]}``);
    the others follow the defaults of ``portal_auth/desk/notifying/preferences.py``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.JSONField(default=dict, blank=True)
    language = models.CharField(
        _("language of my notifications"), max_length=5, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.channels}"
