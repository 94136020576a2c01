"""Who may see whom: the single place that turns a user into the schools and pupils they reach.

Every staff screen, view and export filters through these functions; nothing else decides scope.

- Staff reach the schools of their roles: a school role its school, a directorate role every
  school of the directorate, an academy role every school of the academy. Each role grants
  capabilities (teachers only look; administrative staff also manage accounts; directors also read
  the audit log). Superusers reach everything.
- Staff reach a pupil through the pupil's enrolment in the *current* school year, so a pupil who
  moved school is no longer visible to the old one.
- A user's staff roles are read once per request: the rows are cached on the user object, as
  Wagtail caches a user's permissions (``staff_roles``); a role given or taken away shows from the
  next request on.
- A pupil account reaches its own record; a guardian account reaches the children whose links it
  confirmed with the child's guardian code and that the child's school has not suspended.
- Staff act on a guardian through the links to the pupils they reach. A guardian whose confirmed
  links all lead to pupils the staff member manages is *wholly* in their scope: only then may
  they act on the account itself (reset its password with a code, disable it).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from ..models import (
    Academy,
    Guardian,
    GuardianLink,
    Pupil,
    School,
    SchoolClass,
    SchoolYear,
    StaffRole,
)


class Capability(StrEnum):
    VIEW = "view"  # see pupils, guardians, classes
    MANAGE_ACCOUNTS = "manage_accounts"  # import, issue/revoke codes, disable accounts
    VIEW_AUDIT = "view_audit"  # read the security log
    MANAGE_DIRECTORS = "manage_directors"  # import an academy's school directors


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    StaffRole.Role.TEACHER: frozenset({Capability.VIEW}),
    StaffRole.Role.ADMIN_STAFF: frozenset({Capability.VIEW, Capability.MANAGE_ACCOUNTS}),
    StaffRole.Role.DIRECTOR: frozenset(
        {Capability.VIEW, Capability.MANAGE_ACCOUNTS, Capability.VIEW_AUDIT}
    ),
    # The regional editor reaches no pupil: they send the e-book and keep its directors listed.
    StaffRole.Role.REGIONAL_EDITOR: frozenset({Capability.MANAGE_DIRECTORS}),
}

User = AbstractBaseUser | AnonymousUser


ROLES_CACHE = "_portal_staff_roles"
SCHOOLS_CACHE = "_portal_staff_school_ids"


def staff_roles(user: User) -> list[StaffRole]:
    """The user's staff roles, read once and kept on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return []
    roles = getattr(user, ROLES_CACHE, None)
    if roles is None:
        roles = list(StaffRole.objects.filter(user=user))
        setattr(user, ROLES_CACHE, roles)
    return roles


def _roles_with(user: User, capability: Capability) -> list[StaffRole]:
    return [
        r for r in staff_roles(user) if capability in ROLE_CAPABILITIES.get(r.role, frozenset())
    ]


def is_staff_member(user: User) -> bool:
    """Whether the user has any staff role (or is a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(staff_roles(user))


def _reaches(role: StaffRole, school_id: int, directorate_id: int, academy_id: int) -> bool:
    if role.scope == StaffRole.Scope.SCHOOL:
        return role.school_id == school_id
    if role.scope == StaffRole.Scope.DIRECTORATE:
        return role.directorate_id == directorate_id
    return role.scope == StaffRole.Scope.ACADEMY and role.academy_id == academy_id


def school_ids_for_staff(user: User, capability: Capability = Capability.VIEW) -> frozenset[int]:
    """The ids of ``schools_for_staff(user, capability)`` for a staff member (not a superuser),
    read in one query per request for every capability and kept on the user object."""
    if not staff_roles(user):
        return frozenset()
    by_capability = getattr(user, SCHOOLS_CACHE, None)
    if by_capability is None:
        rows = list(
            School.objects.filter(_schools_of(staff_roles(user))).values_list(
                "pk", "directorate_id", "directorate__academy_id"
            )
        )
        by_capability = {
            each: frozenset(
                row[0] for row in rows if any(_reaches(r, *row) for r in _roles_with(user, each))
            )
            for each in Capability
        }
        setattr(user, SCHOOLS_CACHE, by_capability)
    return by_capability[capability]


def schools_for_staff(user: User, capability: Capability = Capability.VIEW) -> QuerySet[School]:
    """The schools where ``user`` holds ``capability``."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return School.objects.all()
    return School.objects.filter(_schools_of(_roles_with(user, capability)))


def _schools_of(roles: Iterable[StaffRole]) -> Q:
    condition = Q(pk__in=[])
    for role in roles:
        if role.scope == StaffRole.Scope.SCHOOL:
            condition |= Q(pk=role.school_id)
        elif role.scope == StaffRole.Scope.DIRECTORATE:
            condition |= Q(directorate_id=role.directorate_id)
        elif role.scope == StaffRole.Scope.ACADEMY:
            condition |= Q(directorate__academy_id=role.academy_id)
    return condition


def academies_for_staff(user: User, capability: Capability) -> QuerySet[Academy]:
    """The academies where ``user`` holds ``capability`` through an academy-wide role (every
    academy for a superuser)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Academy.objects.all()
    ids = [
        role.academy_id
        for role in _roles_with(user, capability)
        if role.scope == StaffRole.Scope.ACADEMY
    ]
    return Academy.objects.filter(pk__in=ids)


def staff_may(user: User, capability: Capability, school: School) -> bool:
    """Whether ``user`` holds ``capability`` at ``school``."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return school.pk in school_ids_for_staff(user, capability)


def classes_for_staff(
    user: User, capability: Capability = Capability.VIEW, year: SchoolYear | None = None
) -> QuerySet[SchoolClass]:
    """Classes of the current (or given) year in the user's schools."""
    year = year or SchoolYear.objects.current()
    if year is None:
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(year=year, school__in=schools_for_staff(user, capability))


def pupils_of_schools(
    schools: QuerySet[School] | list[School], year: SchoolYear | None = None
) -> QuerySet[Pupil]:
    """Pupils enrolled this year (or in ``year``) in one of ``schools``."""
    year = year or SchoolYear.objects.current()
    if year is None:
        return Pupil.objects.none()
    return Pupil.objects.filter(
        enrolments__year=year, enrolments__school_class__school__in=schools
    ).distinct()


def pupils_for_staff(
    user: User, capability: Capability = Capability.VIEW, year: SchoolYear | None = None
) -> QuerySet[Pupil]:
    """Pupils enrolled this year (or in ``year``) in a school where ``user`` holds ``capability``."""
    return pupils_of_schools(schools_for_staff(user, capability), year)


def guardians_for_staff(
    user: User, capability: Capability = Capability.VIEW, year: SchoolYear | None = None
) -> QuerySet[Guardian]:
    """Guardians linked to at least one pupil the user reaches."""
    return Guardian.objects.filter(
        links__pupil__in=pupils_for_staff(user, capability, year)
    ).distinct()


def pupil_in_staff_scope(
    user: User, pupil: Pupil, capability: Capability = Capability.VIEW
) -> bool:
    return pupils_for_staff(user, capability).filter(pk=pupil.pk).exists()


def guardian_in_staff_scope(
    user: User, guardian: Guardian, capability: Capability = Capability.VIEW
) -> bool:
    return guardians_for_staff(user, capability).filter(pk=guardian.pk).exists()


def links_for_staff(user: User, capability: Capability = Capability.VIEW) -> QuerySet[GuardianLink]:
    """Guardian–pupil links whose pupil ``user`` reaches with ``capability``."""
    return GuardianLink.objects.filter(pupil__in=pupils_for_staff(user, capability))


def guardian_wholly_within(guardian: Guardian, pupils: QuerySet[Pupil]) -> bool:
    """Whether every child the guardian confirmed (suspended or not) is one of ``pupils``."""
    return not (
        GuardianLink.objects.filter(guardian=guardian, confirmed_at__isnull=False)
        .exclude(pupil__in=pupils)
        .exists()
    )


def guardian_shared_beyond(
    guardian: Guardian,
    school: School,
    year: SchoolYear | None = None,
    also_here: Iterable[int] = (),
) -> bool:
    """Whether the guardian is linked (confirmed or not) to a pupil not enrolled at ``school``
    this year (nor among ``also_here``, the pupils a file is enrolling there): then no one school
    may change who the guardian is (names, phone)."""
    return (
        GuardianLink.objects.filter(guardian=guardian)
        .exclude(pupil__in=pupils_of_schools([school], year))
        .exclude(pupil_id__in=list(also_here))
        .exists()
    )


def guardian_wholly_in_staff_scope(
    user: User, guardian: Guardian, capability: Capability = Capability.MANAGE_ACCOUNTS
) -> bool:
    """Whether ``user`` holds ``capability`` for every child the guardian's account reaches.

    Only then may ``user`` act on the account itself (a code that resets its password, disabling
    it); otherwise they act on their own links only. Superusers reach every child.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return guardian_wholly_within(guardian, pupils_for_staff(user, capability))


def pupils_for_account(user: User) -> QuerySet[Pupil]:
    """The pupils a pupil or guardian account may see: itself, or the confirmed children whose
    link the school has not suspended."""
    if not user.is_authenticated or not user.is_active:
        return Pupil.objects.none()
    return Pupil.objects.filter(
        Q(user=user)
        | Q(
            guardian_links__guardian__user=user,
            guardian_links__confirmed_at__isnull=False,
            guardian_links__suspended_at__isnull=True,
            guardian_links__ended_at__isnull=True,
        )
    ).distinct()


def account_may_see_pupil(user: User, pupil_id: int) -> bool:
    return pupils_for_account(user).filter(pk=pupil_id).exists()
