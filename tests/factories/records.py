"""Factories for marks, timetables, assessments and absences, built on ``tests.factories.schools``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from catalog.models import Subject
from portal_auth.models import (
    Absence,
    Assessment,
    Mark,
    MarkStatus,
    Pupil,
    SchoolClass,
    SemesterPublication,
    TimetableSlot,
)


def subject(slug: str) -> Subject:
    return Subject.objects.get(slug=slug)


def put_mark(
    pupil: Pupil,
    school_class: SchoolClass,
    subject_slug: str,
    component: str,
    value: str | None = None,
    *,
    semester: int = 1,
    status: str = MarkStatus.MARKED,
) -> Mark:
    mark, _ = Mark.objects.update_or_create(
        pupil=pupil,
        school_class=school_class,
        subject=subject(subject_slug),
        semester=semester,
        component=component,
        defaults={
            "status": status,
            "value": Decimal(value) if value is not None and status == MarkStatus.MARKED else None,
        },
    )
    return mark


def put_tests(pupil, school_class, subject_slug, *values, semester=1) -> None:
    """Marks for test_1, test_2… in order; ``"abs"``/``"exempt"`` for those statuses."""
    for n, value in enumerate(values, start=1):
        component = f"test_{n}" if n <= 4 else "activities"
        if value == "abs":
            put_mark(
                pupil, school_class, subject_slug, component, semester=semester, status="absent"
            )
        elif value == "exempt":
            put_mark(
                pupil, school_class, subject_slug, component, semester=semester, status="exempt"
            )
        elif value is not None:
            put_mark(pupil, school_class, subject_slug, component, value, semester=semester)


def publish(school_class: SchoolClass, semester: int = 1) -> SemesterPublication:
    return SemesterPublication.objects.get_or_create(school_class=school_class, semester=semester)[
        0
    ]


def make_slot(
    school_class: SchoolClass,
    subject_slug: str = "mathematiques",
    *,
    weekday: int = 1,
    start: str = "08:00",
    end: str = "10:00",
    effective_from: datetime.date | None = None,
    **fields,
) -> TimetableSlot:
    return TimetableSlot.objects.create(
        school_class=school_class,
        subject=subject(subject_slug),
        weekday=weekday,
        starts_at=datetime.time.fromisoformat(start),
        ends_at=datetime.time.fromisoformat(end),
        effective_from=effective_from or school_class.year.starts_on,
        **fields,
    )


def make_assessment(
    school_class: SchoolClass,
    subject_slug: str = "mathematiques",
    *,
    date: datetime.date,
    kind: str = "test",
    semester: int = 1,
    **fields,
) -> Assessment:
    return Assessment.objects.create(
        school_class=school_class,
        subject=subject(subject_slug),
        kind=kind,
        semester=semester,
        date=date,
        **fields,
    )


def make_absence(
    pupil: Pupil, *, date: datetime.date, hours: str = "4", justified: bool = False, **fields
) -> Absence:
    return Absence.objects.create(
        pupil=pupil,
        school_class=pupil.enrolment_for().school_class,
        date=date,
        hours=Decimal(hours),
        justified=justified,
        **fields,
    )


def year_containing_today():
    """The school year (made current) that contains today, so "today" pages have data."""
    from django.utils import timezone

    from tests.factories.schools import make_school_year

    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return make_school_year(f"{start}-{start + 1}")
