"""Absences per pupil (guardians are told through the notification service, never twice).

An absence is a half-day period (morning or afternoon) or a whole day on a date, with the hours
missed; it is justified or not, with a reason. ``(pupil, date, period)`` identifies it, so
re-importing a file updates rows rather than duplicating them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import SchoolClass
from .people import Pupil


class AbsencePeriod(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    DAY = "day", _("whole day")


class Absence(models.Model):
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="absences", verbose_name=_("pupil")
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="absences", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    period = models.CharField(
        _("period"), max_length=10, choices=AbsencePeriod.choices, default=AbsencePeriod.DAY
    )
    hours = models.DecimalField(
        _("hours missed"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    justified = models.BooleanField(_("justified"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-date", "period"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "date", "period"], name="one_absence_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=12),
                name="absence_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil.massar_code} {self.date} {self.period}"

    def clean(self) -> None:
        if self.school_class_id and self.date:
            year = self.school_class.year
            if not (year.starts_on <= self.date <= year.ends_on):
                raise ValidationError(
                    {
                        "date": _("This date is outside the school year %(year)s.")
                        % {"year": year.label}
                    }
                )
