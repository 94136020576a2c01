"""Who is looking: the portal's answer to "which pupils does this account see", and which classes
a staff member teaches. The only module of the app that reads the portal's scoping rules."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from portal_auth.models import (
    Enrolment,
    Guardian,
    Pupil,
    School,
    SchoolClass,
    SchoolYear,
    StaffRole,
)
from portal_auth.schools.scoping import pupils_for_account, staff_roles

User = AbstractBaseUser | AnonymousUser


def classes_taught(user: User, year: SchoolYear | None = None) -> QuerySet[SchoolClass]:
    """Classes of the current (or given) year the user teaches: a ``Teaching`` row, at a school
    where the user still holds a staff role."""
    year = year or SchoolYear.objects.current()
    if year is None or not user.is_authenticated or not user.is_active:
        return SchoolClass.objects.none()
    schools = StaffRole.objects.filter(user=user, scope=StaffRole.Scope.SCHOOL).values("school")
    return SchoolClass.objects.filter(
        year=year, teachings__teacher=user, school__in=schools
    ).distinct()


def directed_school_ids(user: User) -> set[int]:
    """The ids of the schools where the user holds a director role scoped to that school (from
    the roles read once per request)."""
    return {
        role.school_id
        for role in staff_roles(user)
        if role.role == StaffRole.Role.DIRECTOR and role.scope == StaffRole.Scope.SCHOOL
    }


def schools_directed(user: User) -> QuerySet[School]:
    """The schools where the user holds a director role scoped to that school."""
    return School.objects.filter(pk__in=directed_school_ids(user))


def teachers_at(schools: QuerySet[School]) -> QuerySet:
    """Accounts holding a teacher role at one of ``schools``."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_roles__role=StaffRole.Role.TEACHER,
            staff_roles__scope=StaffRole.Scope.SCHOOL,
            staff_roles__school__in=schools,
        )
        .distinct()
    )


def is_teacher(user: User) -> bool:
    """Whether the user holds a teacher role anywhere (the teacher pages are theirs); the roles
    are the portal's, read once per request."""
    return any(role.role == StaffRole.Role.TEACHER for role in staff_roles(user))


def own_pupil(user: User) -> Pupil | None:
    """The pupil record of a pupil account, else ``None``."""
    if not user.is_authenticated or not user.is_active:
        return None
    return Pupil.objects.filter(user=user).first()


def children_of(user: User) -> list[Pupil]:
    """The children a guardian account sees (confirmed, not suspended links); else empty."""
    if not user.is_authenticated or not Guardian.objects.filter(user=user).exists():
        return []
    return list(pupils_for_account(user).exclude(user=user))


def current_class(pupil: Pupil) -> SchoolClass | None:
    year = SchoolYear.objects.current()
    if year is None:
        return None
    enrolment = (
        Enrolment.objects.filter(pupil=pupil, year=year).select_related("school_class").first()
    )
    return enrolment.school_class if enrolment else None


def pupils_of_class(school_class: SchoolClass) -> QuerySet[Pupil]:
    return Pupil.objects.filter(
        enrolments__school_class=school_class, enrolments__year_id=school_class.year_id
    ).order_by("last_name_latin", "first_name_latin", "massar_code")
