"""Document requests: what a guardian or pupil asks the school for, its appointment and history.

A request moves through a small, explicit status machine (``portal_auth.desk.document_requests``);
every change leaves a ``RequestEvent`` row. Appointments take a seat in an ``AppointmentSlot``,
whose ``booked`` counter is changed only under a row lock (``portal_auth.desk.scheduling``) and is
also guarded by a check constraint, so a slot can never hold more people than its capacity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from library.bidi_controls import validate_no_bidi_controls

from .organisation import School
from .people import Pupil


class OpeningHours(models.Model):
    """One opening period of a school's office on a weekday, cut into slots of equal length."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("school")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per slot"), default=30)
    capacity = models.PositiveSmallIntegerField(
        _("people per slot"), default=3, help_text=_("How many appointments one slot can take.")
    )

    class Meta:
        ordering = ["school", "weekday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="opening_hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="opening_hours_slot_length",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="opening_hours_capacity"),
            models.UniqueConstraint(
                fields=["school", "weekday", "opens_at"], name="unique_opening_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class AppointmentSlot(models.Model):
    """A slot with at least one booking; its row is the lock that prevents overbooking."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="appointment_slots", verbose_name=_("school")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [
            models.UniqueConstraint(fields=["school", "starts_at"], name="unique_school_slot"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="slot_never_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.booked}/{self.capacity})"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class DocumentRequest(models.Model):
    """A request for a school document about one pupil, by the pupil or a guardian."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("school certificate")
        TRANSCRIPT = "transcript", _("transcript of marks")
        OTHER = "other", _("other document")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SCHEDULED = "scheduled", _("appointment given")
        READY = "ready", _("ready to collect")
        COLLECTED = "collected", _("collected")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.PENDING, Status.SCHEDULED, Status.READY)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="document_requests",
        verbose_name=_("requested by"),
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("pupil")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("school")
    )
    kind = models.CharField(_("document"), max_length=16, choices=Kind.choices)
    other_label = models.CharField(
        _("other document"),
        max_length=120,
        blank=True,
        help_text=_("Name the document."),
        validators=[validate_no_bidi_controls],
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, validators=[validate_no_bidi_controls]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    slot = models.ForeignKey(
        AppointmentSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("appointment"),
    )
    rejection_reason = models.CharField(
        _("reason"), max_length=500, blank=True, validators=[validate_no_bidi_controls]
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        indexes = [models.Index(fields=["school", "status", "created_at"])]
        constraints = [
            # The last line of defence against duplicates; the form says it in words first.
            models.UniqueConstraint(
                fields=["pupil", "kind", "other_label"],
                condition=Q(status__in=["pending", "scheduled", "ready"]),
                name="one_open_request_per_document",
            ),
            models.CheckConstraint(
                condition=Q(kind="other") | Q(other_label=""), name="other_label_only_for_other"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.document_name} – {self.pupil}"

    @property
    def document_name(self) -> str:
        if self.kind == self.Kind.OTHER and self.other_label:
            return self.other_label
        return str(self.get_kind_display())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class RequestEvent(models.Model):
    """One line of a request's history: who moved it from which status to which, and when."""

    request = models.ForeignKey(
        DocumentRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=DocumentRequest.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=DocumentRequest.Status.choices)
    slot_starts_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=500, blank=True, validators=[validate_no_bidi_controls]
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or '∅'} → {self.to_status}"
