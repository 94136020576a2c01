"""Families hear of homework through the portal's notification service: a new assignment, and
the day before it is due. Each pupil of each class assigned, and their guardians, once per
assignment (and once per due date for the reminder: a postponed one reminds again)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from portal_auth.desk.notifying.service import Event, family_of, notify
from portal_auth.models import Notification

from .audience import pupils_of_class
from .models import Assignment

K = Notification.Kind


def _notify_pupils(assignment: Assignment, kind: str, key: str) -> list[Notification]:
    created = []
    for target in assignment.targets.select_related("school_class__school"):
        school_class = target.school_class
        for pupil in pupils_of_class(school_class).select_related("user"):
            event = Event(
                kind=kind,
                key=key,
                pupil=pupil,
                school=school_class.school,
                data={"date": assignment.due_on.isoformat(), "assignment": assignment.pk},
                link=reverse("assignments:todo"),
                batch=f"{key}:{school_class.pk}",
            )
            created += notify(event, family_of(pupil))
    return created


def new_assignment(assignment_id: int) -> list[Notification]:
    """The pupils of every class the assignment reaches (a class added later too), once."""
    assignment = Assignment.objects.filter(pk=assignment_id, state=Assignment.State.ACTIVE).first()
    if assignment is None:
        return []
    return _notify_pupils(assignment, K.ASSIGNMENT_NEW, f"assignment:{assignment.pk}")


def due_tomorrow(today: datetime.date | None = None) -> list[Notification]:
    """Every active assignment due the next day: its pupils and families, once per due date."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    created = []
    for assignment in Assignment.objects.filter(state=Assignment.State.ACTIVE, due_on=tomorrow):
        key = f"assignment-due:{assignment.pk}:{assignment.due_on.isoformat()}"
        created += _notify_pupils(assignment, K.ASSIGNMENT_DUE, key)
    return created
