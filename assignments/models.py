"""Who teaches which class, what a teacher assigned to it, and how far each pupil got.

Only the minimum is kept about pupils (law 09-08): when they first opened a resource, where a
recording was left, when they marked an assignment done; each row carries its school year, and
the retention job deletes the rows of a year once it has ended (``assignments/retention.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal_auth.models import Pupil, SchoolClass, SchoolYear


class Teaching(models.Model):
    """A teacher teaches a class: what lets them assign work to it and see its progress."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teachings",
        verbose_name=_("teacher"),
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="teachings", verbose_name=_("class")
    )

    class Meta:
        verbose_name = _("teaching")
        verbose_name_plural = _("teachings")
        constraints = [
            models.UniqueConstraint(fields=["teacher", "school_class"], name="unique_teaching")
        ]

    def __str__(self) -> str:
        return f"{self.teacher} → {self.school_class}"


class Assignment(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("withdrawn")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("teacher"),
    )
    resources = models.ManyToManyField(
        "catalog.ResourcePage", related_name="assignments", verbose_name=_("resources")
    )
    classes = models.ManyToManyField(
        SchoolClass,
        through="AssignmentTarget",
        related_name="assignments",
        verbose_name=_("classes"),
    )
    instructions = models.TextField(_("instructions"), max_length=2000, blank=True)
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-due_on", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.due_on} #{self.pk}"


class AssignmentTarget(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="targets", verbose_name=_("assignment")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        related_name="assignment_targets",
        verbose_name=_("class"),
    )

    class Meta:
        verbose_name = _("assigned class")
        verbose_name_plural = _("assigned classes")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "school_class"], name="unique_assignment_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.school_class}"


class PupilProgress(models.Model):
    """One pupil and either one resource (opened, media position, played most) or one assignment
    (done)."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="progress", verbose_name=_("pupil")
    )
    year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("school year")
    )
    resource = models.ForeignKey(
        "catalog.ResourcePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resource"),
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress",
        verbose_name=_("assignment"),
    )
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    position_seconds = models.PositiveIntegerField(_("media position (seconds)"), default=0)
    played_at = models.DateTimeField(_("played most of the recording"), null=True, blank=True)
    done_at = models.DateTimeField(_("marked done"), null=True, blank=True)

    class Meta:
        verbose_name = _("pupil progress")
        verbose_name_plural = _("pupil progress")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(resource__isnull=False, assignment__isnull=True)
                    | Q(resource__isnull=True, assignment__isnull=False)
                ),
                name="progress_on_resource_or_assignment",
            ),
            models.UniqueConstraint(
                fields=["pupil", "year", "resource"],
                condition=Q(resource__isnull=False),
                name="one_progress_per_pupil_resource_year",
            ),
            models.UniqueConstraint(
                fields=["pupil", "assignment"],
                condition=Q(assignment__isnull=False),
                name="one_progress_per_pupil_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.resource or self.assignment}"
