"""Each pupil's progress: recorded for signed-in pupils only, read by the pupil, their guardians
and the teachers of their class.

Opening a resource is recorded only when it belongs to an active assignment of the pupil's
class this year: browsing the library leaves no trace. One row per pupil, year and resource keeps
the first opening and the media position; one row per pupil and assignment keeps the "done" mark.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone

from catalog.models import ResourcePage
from portal_auth.models import Pupil, SchoolClass

from .audience import User, classes_taught, current_class, own_pupil, pupils_of_class
from .models import Assignment, PupilProgress


class NotYourAssignment(Exception):
    """The assignment is not one of this pupil's (a 404 for the views)."""


def assignments_for(pupil: Pupil) -> QuerySet[Assignment]:
    """The active assignments of the pupil's current class, newest due first."""
    school_class = current_class(pupil)
    if school_class is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(targets__school_class=school_class, state=Assignment.State.ACTIVE)
        .order_by("-due_on", "-pk")
        .distinct()
    )


def record_opened(user: User, page: ResourcePage, now: datetime.datetime | None = None) -> bool:
    """Note that a pupil account opened ``page``, if one of its assignments lists it."""
    pupil = own_pupil(user)
    if pupil is None or not assignments_for(pupil).filter(resources=page).exists():
        return False
    school_class = current_class(pupil)
    row, _ = PupilProgress.objects.get_or_create(
        pupil=pupil, year_id=school_class.year_id, resource=page
    )
    if row.opened_at is None:
        PupilProgress.objects.filter(pk=row.pk, opened_at__isnull=True).update(
            opened_at=now or timezone.now()
        )
    return True


def set_done(pupil: Pupil, assignment_id: int, done: bool) -> PupilProgress:
    assignment = assignments_for(pupil).filter(pk=assignment_id).first()
    if assignment is None:
        raise NotYourAssignment
    school_class = current_class(pupil)
    row, _ = PupilProgress.objects.get_or_create(
        pupil=pupil, assignment=assignment, defaults={"year_id": school_class.year_id}
    )
    row.done_at = (row.done_at or timezone.now()) if done else None
    row.save(update_fields=["done_at"])
    return row


@dataclass
class ResourceLine:
    page: ResourcePage
    available: bool
    opened_at: datetime.datetime | None
    position: int = 0  # seconds into the recording, to continue where the pupil left it


@dataclass
class TodoItem:
    assignment: Assignment
    resources: list[ResourceLine]
    done_at: datetime.datetime | None
    overdue: bool


def todo_for(pupil: Pupil, today: datetime.date | None = None) -> list[TodoItem]:
    today = today or timezone.localdate()
    assignments = list(assignments_for(pupil).prefetch_related("resources"))
    done = dict(
        PupilProgress.objects.filter(pupil=pupil, assignment__in=assignments).values_list(
            "assignment_id", "done_at"
        )
    )
    school_class = current_class(pupil)
    opened = {
        resource_id: (opened_at, position)
        for resource_id, opened_at, position in PupilProgress.objects.filter(
            pupil=pupil, resource__isnull=False, year_id=getattr(school_class, "year_id", None)
        ).values_list("resource_id", "opened_at", "position_seconds")
    }
    items = []
    for assignment in assignments:
        lines = [
            ResourceLine(page, page.live, *opened.get(page.pk, (None, 0)))
            for page in sorted(assignment.resources.all(), key=lambda p: p.title)
        ]
        done_at = done.get(assignment.pk)
        items.append(
            TodoItem(assignment, lines, done_at, done_at is None and assignment.due_on < today)
        )
    return items


class Status(StrEnum):
    NOT_STARTED = "not_started"
    OPENED = "opened"
    DONE = "done"


@dataclass
class PupilRow:
    pupil: Pupil
    school_class: SchoolClass
    opened: int
    first_opened_at: datetime.datetime | None
    done_at: datetime.datetime | None
    played: int = 0  # the assignment's recordings this pupil played most of
    recordings: int = 0  # the assignment's recordings
    status: Status = field(init=False)

    def __post_init__(self) -> None:
        if self.done_at:
            self.status = Status.DONE
        elif self.opened:
            self.status = Status.OPENED
        else:
            self.status = Status.NOT_STARTED


def visible_classes(user: User, assignment: Assignment) -> list[SchoolClass]:
    """The assignment's classes whose progress ``user`` may read: those the user teaches."""
    return list(
        assignment.classes.filter(pk__in=classes_taught(user)).order_by("name").select_related()
    )


def class_progress(user: User, assignment: Assignment) -> list[PupilRow]:
    """Per pupil of the classes ``user`` teaches among the assignment's: opened, played, done."""
    resource_ids = list(assignment.resources.values_list("pk", flat=True))
    recordings = assignment.resources.filter(media_asset__isnull=False).count()
    rows = []
    for school_class in visible_classes(user, assignment):
        pupils = list(pupils_of_class(school_class))
        opened: dict[int, list[datetime.datetime]] = {}
        for pupil_id, at in PupilProgress.objects.filter(
            pupil__in=pupils,
            year_id=school_class.year_id,
            resource_id__in=resource_ids,
            opened_at__isnull=False,
        ).values_list("pupil_id", "opened_at"):
            opened.setdefault(pupil_id, []).append(at)
        played: dict[int, int] = {}
        for pupil_id in PupilProgress.objects.filter(
            pupil__in=pupils,
            year_id=school_class.year_id,
            resource_id__in=resource_ids,
            played_at__isnull=False,
        ).values_list("pupil_id", flat=True):
            played[pupil_id] = played.get(pupil_id, 0) + 1
        done = dict(
            PupilProgress.objects.filter(pupil__in=pupils, assignment=assignment).values_list(
                "pupil_id", "done_at"
            )
        )
        for pupil in pupils:
            times = opened.get(pupil.pk, [])
            rows.append(
                PupilRow(
                    pupil,
                    school_class,
                    len(times),
                    min(times, default=None),
                    done.get(pupil.pk),
                    played.get(pupil.pk, 0),
                    recordings,
                )
            )
    return rows
