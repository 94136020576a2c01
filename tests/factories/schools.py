"""Small factory functions for the portal's organisation and people, reusable by other tests.

Every function takes the objects it hangs off as optional arguments and creates sensible
defaults otherwise, with unique identifiers from a counter so tests never collide.
"""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Level, Track
from portal_auth.models import (
    Academy,
    Directorate,
    Enrolment,
    Guardian,
    GuardianLink,
    Pupil,
    School,
    SchoolClass,
    SchoolYear,
    StaffRole,
)

_counter = itertools.count(1)
TEST_PASSWORD = "correct-horse-battery-staple"


def _n() -> int:
    return next(_counter)


def make_academy(slug: str = "casablanca-settat") -> Academy:
    """One of the twelve academies created by the data migration."""
    return Academy.objects.get(slug=slug)


def make_directorate(academy: Academy | None = None, **fields) -> Directorate:
    n = _n()
    defaults = {"code": f"D{n:04d}", "name_ar": f"مديرية {n}", "name_fr": f"Direction {n}"}
    return Directorate.objects.create(academy=academy or make_academy(), **(defaults | fields))


def make_school(directorate: Directorate | None = None, **fields) -> School:
    n = _n()
    defaults = {"code": f"S{n:05d}", "name_ar": f"مدرسة {n}", "name_fr": f"École {n}"}
    return School.objects.create(
        directorate=directorate or make_directorate(), **(defaults | fields)
    )


def make_school_year(label: str = "2025-2026", *, current: bool = True) -> SchoolYear:
    """The school year ``label`` (created once), marked current by default."""
    start = int(label[:4])
    year, _ = SchoolYear.objects.get_or_create(
        label=label,
        defaults={
            "starts_on": datetime.date(start, 9, 1),
            "ends_on": datetime.date(start + 1, 7, 15),
        },
    )
    if current and not year.is_current:
        SchoolYear.objects.filter(is_current=True).update(is_current=False)
        year.is_current = True
        year.save(update_fields=["is_current"])
    return year


def make_class(
    school: School | None = None,
    *,
    level: str = "1BAC",
    track: str | None = "sciences-experimentales",
    year: SchoolYear | None = None,
    name: str | None = None,
) -> SchoolClass:
    return SchoolClass.objects.create(
        school=school or make_school(),
        year=year or make_school_year(),
        level=Level.objects.get(code=level),
        track=Track.objects.get(slug=track) if track else None,
        name=name or f"{level}-{_n()}",
    )


def massar_code(n: int | None = None) -> str:
    return f"J{(n if n is not None else _n()) + 130000000:09d}"


def cin(n: int | None = None) -> str:
    return f"AB{(n if n is not None else _n()) % 1000000:06d}"


def make_pupil(school_class: SchoolClass | None = None, **fields) -> Pupil:
    """A pupil enrolled in ``school_class`` (a new class by default) for the class's year."""
    n = _n()
    defaults = {
        "massar_code": massar_code(n),
        "first_name_ar": "سلمى",
        "last_name_ar": f"العلوي {n}",
        "first_name_latin": "Salma",
        "last_name_latin": f"Alaoui {n}",
        "birth_date": datetime.date(2009, 3, 14),
    }
    pupil = Pupil.objects.create(**(defaults | fields))
    school_class = school_class or make_class()
    Enrolment.objects.create(pupil=pupil, school_class=school_class, year=school_class.year)
    return pupil


def make_guardian(**fields) -> Guardian:
    n = _n()
    defaults = {
        "cin": cin(n),
        "first_name_ar": "محمد",
        "last_name_ar": f"العلوي {n}",
        "first_name_latin": "Mohammed",
        "last_name_latin": f"Alaoui {n}",
        "phone": "+212612345678",
    }
    return Guardian.objects.create(**(defaults | fields))


def link_guardian(
    guardian: Guardian, pupil: Pupil, *, confirmed: bool = True, relationship: str = "father"
) -> GuardianLink:
    return GuardianLink.objects.create(
        guardian=guardian,
        pupil=pupil,
        relationship=relationship,
        confirmed_at=timezone.now() if confirmed else None,
    )


def make_user(username: str | None = None, **fields):
    User = get_user_model()
    user = User.objects.create_user(username=username or f"user{_n()}", **fields)
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


def give_pupil_account(pupil: Pupil):
    """An activated account for ``pupil`` with ``TEST_PASSWORD``."""
    pupil.user = make_user(f"pupil-{pupil.massar_code.lower()}")
    pupil.save(update_fields=["user"])
    return pupil.user


def give_guardian_account(guardian: Guardian):
    """An activated account for ``guardian`` with ``TEST_PASSWORD``."""
    guardian.user = make_user(f"guardian-{guardian.cin.lower()}")
    guardian.save(update_fields=["user"])
    return guardian.user


def make_staff(role: str = "admin_staff", target: School | Directorate | Academy | None = None):
    """A staff user with one role scoped to ``target`` (a school by default)."""
    target = target or make_school()
    scope = {School: "school", Directorate: "directorate", Academy: "academy"}[type(target)]
    user = make_user(f"{role}{_n()}")
    StaffRole.objects.create(user=user, role=role, scope=scope, **{scope: target})
    return user
