"""The test and exam calendar, and the secret per-pupil iCalendar feed tokens.

A feed URL holds a random token; only its SHA-256 is stored, so a database leak does not leak
working URLs. The token is shown once, when created; revoking it stops the feed at once.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Subject

from ..validators import validate_school_day
from .marks import Semester
from .organisation import SchoolClass
from .people import Pupil


class AssessmentKind(models.TextChoices):
    TEST = "test", _("test")
    LOCAL_EXAM = "exam_local", _("local exam")
    REGIONAL_EXAM = "exam_regional", _("regional exam")
    NATIONAL_EXAM = "exam_national", _("national exam")


class Assessment(models.Model):
    """A test or exam a class sits on a date (optionally with times)."""

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("class")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("subject")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("test or exam")
        verbose_name_plural = _("tests and exams")
        indexes = [models.Index(fields=["school_class", "date"])]

    def clean(self) -> None:
        try:
            validate_school_day(self.date)
        except ValidationError as refused:
            raise ValidationError({"date": refused}) from None

    def __str__(self) -> str:
        return f"{self.school_class.name} {self.subject.slug} {self.get_kind_display()} {self.date}"


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str) -> CalendarFeedToken | None:
        return (
            self.active()
            .select_related("pupil", "created_by")
            .filter(token_hash=hash_feed_token(token))
            .first()
        )


class CalendarFeedToken(models.Model):
    """A secret, revocable URL to one pupil's test and exam calendar, owned by one account."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("pupil")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("account"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.pupil.massar_code} · {self.created_at:%Y-%m-%d}"

    @classmethod
    def issue(cls, pupil: Pupil, user) -> tuple[CalendarFeedToken, str]:
        """A new token for ``pupil``; returns the row and the clear token (shown once)."""
        token = secrets.token_urlsafe(32)
        row = cls.objects.create(pupil=pupil, created_by=user, token_hash=hash_feed_token(token))
        return row, token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
