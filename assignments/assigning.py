"""What a teacher may do with an assignment, and the rules it must keep.

- Only to classes the teacher teaches (``audience.classes_taught``): ``ClassNotTaught``.
- At least one resource, each one published: ``NoResource``, ``ResourceUnavailable``.
- A due date never in the past (``DueDateInPast``); on a non-school day (a Sunday, outside the
  school year) only once the teacher confirms it (``DueDateNotSchoolDay`` until then).
- Only its own teacher edits, postpones or withdraws it (``NotYourAssignment``); a withdrawn one
  is no longer changed (``AssignmentWithdrawn``); postponing moves the date later
  (``NotLater``).

Views call these functions and show the error's ``message``; nothing else writes assignments.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from catalog.models import ResourcePage
from portal_auth.models import SchoolClass

from .audience import User, classes_taught
from .due_dates import format_due, non_school_day_reason
from .models import Assignment, AssignmentTarget


class AssignmentRefused(Exception):
    """A change refused, with a message for the teacher."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else gettext("This change is not allowed.")


class ClassNotTaught(AssignmentRefused):
    pass


class NoClass(AssignmentRefused):
    pass


class NoResource(AssignmentRefused):
    pass


class ResourceUnavailable(AssignmentRefused):
    pass


class DueDateInPast(AssignmentRefused):
    pass


class DueDateNotSchoolDay(AssignmentRefused):
    """A warning: the same change goes through once the teacher confirms the date."""


class NotYourAssignment(AssignmentRefused):
    pass


class AssignmentWithdrawn(AssignmentRefused):
    pass


class NotLater(AssignmentRefused):
    pass


def _check_classes(teacher: User, classes: list[SchoolClass]) -> None:
    if not classes:
        raise NoClass(gettext("Choose at least one class."))
    taught = set(classes_taught(teacher).values_list("pk", flat=True))
    refused = [c for c in classes if c.pk not in taught]
    if refused:
        raise ClassNotTaught(
            gettext("You do not teach %(classes)s: assign only to your own classes.")
            % {"classes": ", ".join(c.name for c in refused)}
        )


def _check_resources(
    resources: list[ResourcePage], *, new: list[ResourcePage] | None = None
) -> None:
    """At least one resource; the ``new`` ones (all by default) published."""
    if not resources:
        raise NoResource(gettext("Choose at least one resource."))
    missing = [r for r in (resources if new is None else new) if not r.live]
    if missing:
        raise ResourceUnavailable(
            gettext("%(titles)s is not published: choose a published resource.")
            % {"titles": ", ".join(r.title for r in missing)}
        )


def _check_due(
    due_on: datetime.date,
    classes: list[SchoolClass],
    today: datetime.date,
    confirm_non_school_day: bool,
) -> None:
    if due_on < today:
        raise DueDateInPast(
            gettext("%(date)s is in the past: choose today or a later day.")
            % {"date": format_due(due_on)}
        )
    reason = non_school_day_reason(due_on, {c.year for c in classes})
    if reason and not confirm_non_school_day:
        raise DueDateNotSchoolDay(
            gettext("%(date)s is not a school day. %(reason)s Confirm it to keep this date.")
            % {"date": format_due(due_on), "reason": reason}
        )


def _check_owner(assignment: Assignment, teacher: User) -> None:
    if assignment.teacher_id != teacher.pk:
        raise NotYourAssignment(gettext("Only the teacher who set this assignment may change it."))
    if assignment.state == Assignment.State.WITHDRAWN:
        raise AssignmentWithdrawn(
            gettext("This assignment was withdrawn; it can no longer change.")
        )


def create_assignment(
    teacher: User,
    *,
    classes: Iterable[SchoolClass],
    resources: Iterable[ResourcePage],
    due_on: datetime.date,
    instructions: str = "",
    confirm_non_school_day: bool = False,
    today: datetime.date | None = None,
) -> Assignment:
    classes, resources = list(classes), list(resources)
    _check_classes(teacher, classes)
    _check_resources(resources)
    _check_due(due_on, classes, today or timezone.localdate(), confirm_non_school_day)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            teacher=teacher, due_on=due_on, instructions=instructions.strip()
        )
        assignment.resources.set(resources)
        AssignmentTarget.objects.bulk_create(
            AssignmentTarget(assignment=assignment, school_class=c) for c in classes
        )
    return assignment


def edit_assignment(
    assignment: Assignment,
    teacher: User,
    *,
    classes: Iterable[SchoolClass],
    resources: Iterable[ResourcePage],
    due_on: datetime.date,
    instructions: str = "",
    confirm_non_school_day: bool = False,
    today: datetime.date | None = None,
) -> Assignment:
    """Change everything at once. A class already assigned may stay even if the teacher no longer
    teaches it; a new one must be taught. The due date is checked only when it changes."""
    _check_owner(assignment, teacher)
    classes, resources = list(classes), list(resources)
    kept = set(assignment.targets.values_list("school_class_id", flat=True))
    if not classes:
        raise NoClass(gettext("Choose at least one class."))
    new = [c for c in classes if c.pk not in kept]
    if new:
        _check_classes(teacher, new)
    already = set(assignment.resources.values_list("pk", flat=True))
    _check_resources(resources, new=[r for r in resources if r.pk not in already])
    if due_on != assignment.due_on:
        _check_due(due_on, classes, today or timezone.localdate(), confirm_non_school_day)
    with transaction.atomic():
        assignment.due_on = due_on
        assignment.instructions = instructions.strip()
        assignment.save(update_fields=["due_on", "instructions", "updated_at"])
        assignment.resources.set(resources)
        assignment.targets.exclude(school_class__in=classes).delete()
        AssignmentTarget.objects.bulk_create(
            AssignmentTarget(assignment=assignment, school_class=c) for c in new
        )
    return assignment


def postpone(
    assignment: Assignment,
    teacher: User,
    due_on: datetime.date,
    *,
    confirm_non_school_day: bool = False,
    today: datetime.date | None = None,
) -> Assignment:
    _check_owner(assignment, teacher)
    if due_on <= assignment.due_on:
        raise NotLater(
            gettext("Choose a day after %(date)s to postpone.")
            % {"date": format_due(assignment.due_on)}
        )
    classes = list(assignment.classes.select_related("year"))
    _check_due(due_on, classes, today or timezone.localdate(), confirm_non_school_day)
    assignment.due_on = due_on
    assignment.save(update_fields=["due_on", "updated_at"])
    return assignment


def withdraw(assignment: Assignment, teacher: User) -> Assignment:
    """Pupils no longer see it; its progress stays until the year's purge."""
    _check_owner(assignment, teacher)
    assignment.state = Assignment.State.WITHDRAWN
    assignment.save(update_fields=["state", "updated_at"])
    return assignment
