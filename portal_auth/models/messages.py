"""Messages to the school: a thread per message between its sender and the school's staff.

Bodies are stored as plain text and always rendered escaped. Attachments live under a random
name and are served only through a view that checks who asks (never from ``MEDIA_URL``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from library.bidi_controls import validate_no_bidi_controls

from .organisation import School
from .people import Pupil


def attachment_path(instance: ThreadPost, filename: str) -> str:
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.attachment_type, "bin"
    )
    return f"portal/messages/{uuid.uuid4().hex}.{extension}"


class MessageThread(models.Model):
    """A question, idea, suggestion or complaint sent to a school about one pupil."""

    class Category(models.TextChoices):
        QUESTION = "question", _("question")
        IDEA = "idea", _("idea")
        SUGGESTION = "suggestion", _("suggestion")
        COMPLAINT = "complaint", _("complaint")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_threads",
        verbose_name=_("sent by"),
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="message_threads", verbose_name=_("pupil")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="message_threads", verbose_name=_("school")
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=120, validators=[validate_no_bidi_controls])
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last message at"))
    author_read_at = models.DateTimeField(null=True, blank=True)
    staff_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_post_at"]
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        indexes = [models.Index(fields=["school", "last_post_at"])]

    def __str__(self) -> str:
        return self.subject

    def unread_for_author(self) -> bool:
        replies = self.posts.filter(from_staff=True)
        if self.author_read_at is not None:
            replies = replies.filter(created_at__gt=self.author_read_at)
        return replies.exists()

    def unread_for_staff(self) -> bool:
        if self.staff_read_at is None:
            return True
        return self.posts.filter(from_staff=False, created_at__gt=self.staff_read_at).exists()


class ThreadPost(models.Model):
    """One message in a thread, by its author or by a member of the school's staff."""

    thread = models.ForeignKey(
        MessageThread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    from_staff = models.BooleanField(_("from the school"), default=False)
    body = models.TextField(_("message"), validators=[validate_no_bidi_controls])
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, max_length=200, blank=True
    )
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    # The one-time key of the form that sent it: a second submission of the same form finds
    # this post instead of writing another (see ``school_messages``).
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=models.Q(submission_key__isnull=False),
                name="threadpost_one_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"
