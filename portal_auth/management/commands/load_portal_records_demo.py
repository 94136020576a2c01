"""``python manage.py load_portal_records_demo``: marks, timetables, tests and absences for the
demo classes of ``load_portal_demo_data`` (run that first). Development only; re-runnable.

Semester 1 gets a full set of marks (four tests and activities in every subject, a few absent
and exempt cells) and is published; each class gets a week's timetable, upcoming tests and a
few absences. Marks are derived from the pupil's code so every run gives the same figures.
"""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalog.models import Subject
from portal_auth.models import (
    Absence,
    Assessment,
    Mark,
    MarkStatus,
    SchoolClass,
    SchoolYear,
    SemesterPublication,
    TimetableSlot,
)

COMPONENTS = ["test_1", "test_2", "test_3", "test_4", "activities"]


def _school_day(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after it when it is a Sunday."""
    return day + datetime.timedelta(days=1) if day.isoweekday() == 7 else day


ROOMS = ["12", "14", "Labo 1", "Salle info", "Terrain"]


def _mark(seed: str) -> Decimal:
    """A stable mark between 6 and 19.75 in quarter points."""
    n = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    return Decimal(6) + Decimal(n % 56) / 4


class Command(BaseCommand):
    help = "Create demo marks, timetables, tests and absences for the demo classes (dev only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development: set DEBUG or pass --force.")
        year = SchoolYear.objects.current()
        classes = list(
            SchoolClass.objects.filter(year=year, school__code__startswith="DEMO-").select_related(
                "level", "year"
            )
        )
        if not classes:
            raise CommandError("No demo class: run load_portal_demo_data first.")
        with transaction.atomic():
            for school_class in classes:
                self._fill(school_class)
        self.stdout.write(f"Marks, timetables, tests and absences for {len(classes)} demo classes.")

    def _fill(self, school_class: SchoolClass) -> None:
        # The subjects the class's track is taught (its coefficients), else its programme's.
        subjects = list(
            Subject.objects.filter(
                coefficients__level=school_class.level, coefficients__track=school_class.track
            ).order_by("sort_order")
        ) or list(
            Subject.objects.taught_at(school_class.level, school_class.track).order_by("sort_order")
        )
        pupils = [e.pupil for e in school_class.enrolments.select_related("pupil")]
        for pupil in pupils:
            for subject in subjects:
                for component in COMPONENTS:
                    seed = f"{pupil.massar_code}{subject.slug}{component}"
                    status, value = MarkStatus.MARKED, _mark(seed)
                    if seed.endswith("test_4") and value > Decimal("19"):
                        status, value = MarkStatus.ABSENT, None
                    if subject.slug == "education-physique" and component == "test_3":
                        status, value = MarkStatus.EXEMPT, None
                    Mark.objects.update_or_create(
                        pupil=pupil,
                        school_class=school_class,
                        subject=subject,
                        semester=1,
                        component=component,
                        defaults={"status": status, "value": value},
                    )
        SemesterPublication.objects.get_or_create(school_class=school_class, semester=1)
        year = school_class.year
        TimetableSlot.objects.filter(school_class=school_class).delete()
        for n, subject in enumerate(subjects[:12]):
            weekday = n // 2 + 1
            start = datetime.time(8 if n % 2 == 0 else 10, 0)
            TimetableSlot.objects.create(
                school_class=school_class,
                weekday=weekday,
                starts_at=start,
                ends_at=start.replace(hour=start.hour + 2),
                subject=subject,
                teacher=f"Prof. {subject.name_fr}",
                room=ROOMS[n % len(ROOMS)],
                effective_from=year.starts_on,
            )
        today = timezone.localdate()
        for n, subject in enumerate(subjects[:4]):
            Assessment.objects.get_or_create(
                school_class=school_class,
                subject=subject,
                date=_school_day(today + datetime.timedelta(days=3 + 5 * n)),
                defaults={
                    "kind": "test",
                    "semester": 1 if today.month >= 9 or today.month == 1 else 2,
                    "starts_at": datetime.time(8, 30),
                    "ends_at": datetime.time(10, 30),
                },
            )
        for n, pupil in enumerate(pupils):
            day = max(year.starts_on, min(today, year.ends_on)) - datetime.timedelta(days=7 * n + 2)
            if day < year.starts_on:
                continue
            Absence.objects.get_or_create(
                pupil=pupil,
                date=day,
                period="morning",
                defaults={
                    "school_class": school_class,
                    "hours": Decimal(4),
                    "justified": n % 2 == 0,
                    "reason": "Certificat médical" if n % 2 == 0 else "",
                },
            )
