"""A class's weekly timetable: slots that apply from a date, so a change never rewrites the past.

A new version of a slot (or a whole week) is entered with a later ``effective_from``; the slots it
replaces get ``effective_until`` the day before. Two slots of one class may not overlap in time
on the same weekday while both apply.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Subject

from .organisation import SchoolClass


class Weekday(models.IntegerChoices):
    """ISO weekday numbers; Moroccan schools teach Monday to Saturday."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class TimetableSlotQuerySet(models.QuerySet):
    def in_effect_on(self, day: datetime.date) -> TimetableSlotQuerySet:
        """Slots that apply on ``day`` (whatever their weekday)."""
        return self.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=day), effective_from__lte=day
        )

    def overlapping(self, slot: TimetableSlot) -> TimetableSlotQuerySet:
        """Other slots of the same class and weekday whose times and dates overlap ``slot``'s."""
        qs = self.filter(
            school_class_id=slot.school_class_id,
            weekday=slot.weekday,
            starts_at__lt=slot.ends_at,
            ends_at__gt=slot.starts_at,
        ).filter(Q(effective_until__isnull=True) | Q(effective_until__gte=slot.effective_from))
        if slot.effective_until is not None:
            qs = qs.filter(effective_from__lte=slot.effective_until)
        if slot.pk:
            qs = qs.exclude(pk=slot.pk)
        return qs


class TimetableSlot(models.Model):
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        related_name="timetable_slots",
        verbose_name=_("class"),
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="timetable_slots", verbose_name=_("subject")
    )
    teacher = models.CharField(_("teacher"), max_length=120, blank=True)
    room = models.CharField(_("room"), max_length=40, blank=True)
    effective_from = models.DateField(_("applies from"))
    effective_until = models.DateField(_("applies until"), null=True, blank=True)

    objects = TimetableSlotQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("timetable slot")
        verbose_name_plural = _("timetable slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="slot_until_after_from",
            ),
        ]
        indexes = [models.Index(fields=["school_class", "weekday"])]

    def __str__(self) -> str:
        return f"{self.school_class.name} {self.get_weekday_display()} {self.starts_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The slot must end after it starts.")})
        if (
            self.effective_until
            and self.effective_from
            and self.effective_until < self.effective_from
        ):
            raise ValidationError({"effective_until": _("This date is before the start date.")})
        if self.school_class_id and self.starts_at and self.ends_at and self.effective_from:
            clash = TimetableSlot.objects.overlapping(self).select_related("subject").first()
            if clash is not None:
                raise ValidationError(
                    _("This slot overlaps %(subject)s from %(start)s to %(end)s.")
                    % {
                        "subject": clash.subject.name,
                        "start": f"{clash.starts_at:%H:%M}",
                        "end": f"{clash.ends_at:%H:%M}",
                    }
                )
