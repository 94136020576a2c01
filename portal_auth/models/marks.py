"""Marks as Moroccan schools keep them, subject coefficients, and the publication of a semester.

One ``Mark`` row is one cell of Massar's sheet: a pupil's continuous-assessment test (الفرض 1–4),
integrated-activities mark (الأنشطة المندمجة) or exam mark, for one class, subject and semester.
A cell holds a mark out of 20 with two decimals, or says "absent" or "exempt" instead. Averages
are never stored: ``portal_auth.records.grading`` computes them from these rows, in one place.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Level, Subject, Track

from .organisation import SchoolClass
from .people import Pupil

MARK_MAX = Decimal("20")


class Semester(models.IntegerChoices):
    FIRST = 1, _("semester 1")
    SECOND = 2, _("semester 2")


class SubjectCoefficient(models.Model):
    """How much a subject weighs in the semester average at a level (and track, where given).

    A row without a track applies to every class of the level that has no more specific row.
    """

    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="coefficients", verbose_name=_("level")
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coefficients",
        verbose_name=_("track"),
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="coefficients", verbose_name=_("subject")
    )
    coefficient = models.DecimalField(
        _("coefficient"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["level__sort_order", "track__sort_order", "subject__sort_order"]
        verbose_name = _("subject coefficient")
        verbose_name_plural = _("subject coefficients")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "track", "subject"], name="unique_coefficient_with_track"
            ),
            models.UniqueConstraint(
                fields=["level", "subject"],
                condition=Q(track__isnull=True),
                name="unique_coefficient_without_track",
            ),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="coefficient_positive"),
        ]

    def __str__(self) -> str:
        track = f" {self.track.slug}" if self.track_id else ""
        return f"{self.level.code}{track} · {self.subject.slug} × {self.coefficient}"


class MarkComponent(models.TextChoices):
    """The columns of Massar's sheet."""

    TEST_1 = "test_1", _("test 1")
    TEST_2 = "test_2", _("test 2")
    TEST_3 = "test_3", _("test 3")
    TEST_4 = "test_4", _("test 4")
    ACTIVITIES = "activities", _("integrated activities")
    LOCAL_EXAM = "exam_local", _("local exam")
    REGIONAL_EXAM = "exam_regional", _("regional exam")
    NATIONAL_EXAM = "exam_national", _("national exam")


CONTINUOUS_COMPONENTS = (
    MarkComponent.TEST_1,
    MarkComponent.TEST_2,
    MarkComponent.TEST_3,
    MarkComponent.TEST_4,
    MarkComponent.ACTIVITIES,
)
EXAM_COMPONENTS = (
    MarkComponent.LOCAL_EXAM,
    MarkComponent.REGIONAL_EXAM,
    MarkComponent.NATIONAL_EXAM,
)


CONTINUOUS_COMPONENTS_KEYS: tuple[str, ...] = tuple(c.value for c in CONTINUOUS_COMPONENTS)
EXAM_COMPONENTS_KEYS: tuple[str, ...] = tuple(c.value for c in EXAM_COMPONENTS)


class MarkStatus(models.TextChoices):
    MARKED = "marked", _("marked")
    ABSENT = "absent", _("absent")
    EXEMPT = "exempt", _("exempt")


class Mark(models.Model):
    """One cell: a pupil's mark for one component of one subject in one semester."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="marks", verbose_name=_("pupil")
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="marks", verbose_name=_("class")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="marks", verbose_name=_("subject")
    )
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    component = models.CharField(_("component"), max_length=16, choices=MarkComponent.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=MarkStatus.choices, default=MarkStatus.MARKED
    )
    value = models.DecimalField(
        _("mark out of 20"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MARK_MAX)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["subject__sort_order", "component"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_class", "subject", "semester", "component"],
                name="one_mark_per_cell",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="marked", value__isnull=False, value__gte=0, value__lte=20)
                    | (~Q(status="marked") & Q(value__isnull=True))
                ),
                name="mark_value_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["school_class", "semester", "subject"])]

    def __str__(self) -> str:
        shown = self.value if self.status == MarkStatus.MARKED else self.get_status_display()
        return f"{self.pupil.massar_code} {self.subject.slug} S{self.semester} {self.component}: {shown}"

    def clean(self) -> None:
        if self.status == MarkStatus.MARKED and self.value is None:
            raise ValidationError({"value": _("Enter a mark between 0 and 20.")})
        if self.status != MarkStatus.MARKED:
            self.value = None


class SemesterPublication(models.Model):
    """Staff published a class's semester: its marks become visible to pupils and guardians."""

    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("class"),
    )
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("published semester")
        verbose_name_plural = _("published semesters")
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "semester"], name="one_publication_per_semester"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} S{self.semester}"
