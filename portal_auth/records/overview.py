"""What the pupil's space and each child in the guardian's space show on the first page.

A fixed number of queries whatever the number of subjects, marks, slots or children: every
list is one query with a limit, totals are computed from one query (tested in
``tests/portal_auth/test_dashboard.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Greatest, TruncDate
from django.http import HttpRequest
from django.utils import timezone

from catalog.models import ResourcePage

from ..models import (
    Absence,
    Assessment,
    Enrolment,
    Mark,
    MarkComponent,
    Pupil,
    SemesterPublication,
    TimetableSlot,
)
from .attendance import semester_of, totals

SHELF_SIZE = 8
NEXT_TESTS = 4
LATEST_MARKS = 6


@dataclass
class SpaceOverview:
    today: datetime.date
    today_slots: list[TimetableSlot] = field(default_factory=list)
    next_assessments: list[Assessment] = field(default_factory=list)
    latest_marks: list[Mark] = field(default_factory=list)
    absences_semester: object = None
    unjustified_recent: list[Absence] = field(default_factory=list)
    shelf: list[tuple[ResourcePage, str]] = field(default_factory=list)


def shelf_for(enrolment: Enrolment, request: HttpRequest | None = None, size: int = SHELF_SIZE):
    """Live, public resources for the class's level and track, in subjects taught at the level."""
    school_class = enrolment.school_class
    qs = (
        ResourcePage.objects.live()
        .public()
        .filter(levels=school_class.level_id, subject__levels=school_class.level_id)
        .select_related("subject")
    )
    if school_class.track_id:
        qs = qs.filter(Q(tracks=school_class.track_id) | Q(tracks__isnull=True)).filter(
            Q(subject__tracks=school_class.track_id) | Q(subject__tracks__isnull=True)
        )
    else:
        qs = qs.filter(tracks__isnull=True)
    pages = list(qs.distinct().order_by("-first_published_at", "-pk")[:size])
    return [(page, page.get_url(request)) for page in pages]


# The order marks are given in a semester: the tests, the activities, then the exams.
COMPONENT_ORDER = Case(
    *(When(component=c, then=Value(n)) for n, c in enumerate(MarkComponent.values)),
    default=Value(0),
)


def latest_marks(pupil: Pupil, school_class, size: int = LATEST_MARKS) -> list[Mark]:
    """The pupil's newest marks first, in one query, each with ``shown_on``: the day it reached
    the family (its semester's publication, or a later correction). Marks of one day come in
    the school's order reversed (semester 2 before 1, test 2 before test 1)."""
    published = SemesterPublication.objects.filter(
        school_class=OuterRef("school_class"), semester=OuterRef("semester")
    ).values("published_at")[:1]
    return list(
        Mark.objects.filter(
            pupil=pupil,
            school_class=school_class,
            school_class__publications__semester=F("semester"),  # published semesters only
        )
        .annotate(shown_at=Greatest("updated_at", Subquery(published)))
        .annotate(shown_on=TruncDate("shown_at"), component_order=COMPONENT_ORDER)
        .select_related("subject")
        .order_by("-shown_on", "-semester", "-component_order", "-shown_at", "subject__sort_order")[
            :size
        ]
    )


def overview(pupil: Pupil, enrolment: Enrolment | None, request=None) -> SpaceOverview:
    today = timezone.localdate()
    result = SpaceOverview(today=today)
    if enrolment is None:
        return result
    school_class = enrolment.school_class
    result.today_slots = list(
        TimetableSlot.objects.filter(school_class=school_class, weekday=today.isoweekday())
        .in_effect_on(today)
        .select_related("subject")
        .order_by("starts_at")
    )
    result.next_assessments = list(
        Assessment.objects.filter(school_class=school_class, date__gte=today)
        .select_related("subject")
        .order_by("date", "starts_at")[:NEXT_TESTS]
    )
    result.latest_marks = latest_marks(pupil, school_class)
    year = enrolment.year
    semester = semester_of(today, year)
    absences = list(
        Absence.objects.filter(pupil=pupil, date__gte=year.starts_on, date__lte=year.ends_on)
    )
    _months, semesters = totals(absences, year)
    result.absences_semester = semesters[semester]
    result.unjustified_recent = sorted(
        (a for a in absences if not a.justified), key=lambda a: a.date, reverse=True
    )[:3]
    result.shelf = shelf_for(enrolment, request)
    return result
