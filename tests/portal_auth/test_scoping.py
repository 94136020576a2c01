"""Scoping: staff reach the schools of their roles; pupils and guardians reach their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal_auth.models import Academy, SchoolYear, StaffRole
from portal_auth.schools.scoping import (
    Capability,
    account_may_see_pupil,
    classes_for_staff,
    guardian_in_staff_scope,
    guardian_shared_beyond,
    guardian_wholly_in_staff_scope,
    guardians_for_staff,
    is_staff_member,
    links_for_staff,
    pupil_in_staff_scope,
    pupils_for_account,
    pupils_for_staff,
    schools_for_staff,
    staff_may,
)
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_directorate,
    make_guardian,
    make_pupil,
    make_school,
    make_school_year,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two academies; academy 1 has directorates D1 (schools A, B) and D2 (school C)."""
    casa = Academy.objects.get(slug="casablanca-settat")
    rabat = Academy.objects.get(slug="rabat-sale-kenitra")
    d1, d2, d3 = make_directorate(casa), make_directorate(casa), make_directorate(rabat)
    a, b, c, r = make_school(d1), make_school(d1), make_school(d2), make_school(d3)
    pupils = {school.code: make_pupil(make_class(school)) for school in (a, b, c, r)}
    return {"casa": casa, "d1": d1, "a": a, "b": b, "c": c, "r": r, "pupils": pupils}


def test_the_twelve_academies_exist_in_three_languages():
    assert Academy.objects.count() == 12
    for academy in Academy.objects.all():
        assert academy.name_ar and academy.name_fr and academy.name_en


def test_school_role_reaches_its_school_only(world):
    staff = make_staff("admin_staff", world["a"])
    assert list(schools_for_staff(staff)) == [world["a"]]
    assert list(pupils_for_staff(staff)) == [world["pupils"][world["a"].code]]


def test_directorate_role_reaches_every_school_of_the_directorate(world):
    staff = make_staff("director", world["d1"])
    assert set(schools_for_staff(staff)) == {world["a"], world["b"]}


def test_academy_role_reaches_every_school_of_the_academy(world):
    staff = make_staff("director", world["casa"])
    assert set(schools_for_staff(staff)) == {world["a"], world["b"], world["c"]}
    assert world["pupils"][world["r"].code] not in pupils_for_staff(staff)


def test_capabilities_depend_on_the_role(world):
    teacher = make_staff("teacher", world["a"])
    clerk = make_staff("admin_staff", world["a"])
    director = make_staff("director", world["a"])
    assert staff_may(teacher, Capability.VIEW, world["a"])
    assert not staff_may(teacher, Capability.MANAGE_ACCOUNTS, world["a"])
    assert staff_may(clerk, Capability.MANAGE_ACCOUNTS, world["a"])
    assert not staff_may(clerk, Capability.VIEW_AUDIT, world["a"])
    assert staff_may(director, Capability.VIEW_AUDIT, world["a"])
    assert not staff_may(director, Capability.VIEW, world["b"])


def test_inactive_staff_and_plain_users_reach_nothing(world):
    staff = make_staff("director", world["casa"])
    staff.is_active = False
    staff.save()
    assert not schools_for_staff(staff).exists()
    assert not schools_for_staff(make_user()).exists()
    assert not schools_for_staff(AnonymousUser()).exists()


def test_pupil_who_moved_school_leaves_the_old_schools_scope(world):
    from portal_auth.models import Enrolment

    pupil = world["pupils"][world["a"].code]
    old_year = make_school_year("2024-2025", current=False)
    Enrolment.objects.filter(pupil=pupil).update(
        school_class=make_class(world["a"], year=old_year), year=old_year
    )
    Enrolment.objects.create(pupil=pupil, school_class=make_class(world["b"]))
    assert pupil not in pupils_for_staff(make_staff("director", world["a"]))
    assert pupil in pupils_for_staff(make_staff("director", world["b"]))
    assert pupil in pupils_for_staff(make_staff("director", world["a"]), year=old_year)


def test_guardians_are_reached_through_their_children(world):
    guardian = make_guardian()
    link_guardian(guardian, world["pupils"][world["b"].code])
    assert guardian in guardians_for_staff(make_staff("teacher", world["b"]))
    assert guardian not in guardians_for_staff(make_staff("teacher", world["a"]))


def test_pupil_account_sees_itself_only(world):
    pupil = world["pupils"][world["a"].code]
    user = give_pupil_account(pupil)
    assert list(pupils_for_account(user)) == [pupil]


def test_guardian_account_sees_confirmed_children_only(world):
    guardian = make_guardian()
    user = give_guardian_account(guardian)
    first, second = world["pupils"][world["a"].code], world["pupils"][world["c"].code]
    link_guardian(guardian, first, confirmed=True)
    link_guardian(guardian, second, confirmed=False)
    assert list(pupils_for_account(user)) == [first]
    assert not pupils_for_account(AnonymousUser()).exists()


def test_a_role_must_name_the_target_of_its_scope(world):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(
            user=user, role="director", scope="school", directorate=world["d1"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(
            user=user, role="teacher", scope="directorate", directorate=world["d1"]
        )


def test_without_any_school_year_staff_reach_no_class_and_no_pupil():
    school = make_school()
    staff = make_staff("admin_staff", school)
    assert SchoolYear.objects.current() is None
    assert list(classes_for_staff(staff)) == []
    assert list(pupils_for_staff(staff)) == []
    assert list(guardians_for_staff(staff)) == []
    assert list(schools_for_staff(staff)) == [school]


def test_a_given_year_is_used_instead_of_the_current_one():
    school = make_school()
    staff = make_staff("admin_staff", school)
    last_year = make_school_year("2024-2025", current=False)
    old_class = make_class(school, year=last_year)
    pupil = make_pupil(old_class)
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    this_year = make_school_year("2025-2026")
    current_class = make_class(school, year=this_year)
    assert list(classes_for_staff(staff)) == [current_class]
    assert list(classes_for_staff(staff, year=last_year)) == [old_class]
    assert list(pupils_for_staff(staff)) == []
    assert list(pupils_for_staff(staff, year=last_year)) == [pupil]
    assert list(guardians_for_staff(staff)) == []
    assert list(guardians_for_staff(staff, year=last_year)) == [guardian]


def test_an_inactive_superuser_reaches_nothing(world):
    superuser = make_user(is_superuser=True)
    assert set(schools_for_staff(superuser)) >= {world["a"], world["r"]}
    assert is_staff_member(superuser)
    superuser.is_active = False
    superuser.save()
    assert not schools_for_staff(superuser).exists()
    assert not is_staff_member(superuser)
    assert not guardian_wholly_in_staff_scope(superuser, make_guardian())


def test_who_is_a_staff_member(world):
    assert is_staff_member(make_staff("teacher", world["a"]))
    assert is_staff_member(make_user(is_superuser=True))  # no role needed
    assert not is_staff_member(make_user())
    assert not is_staff_member(AnonymousUser())
    inactive = make_staff("director", world["a"])
    inactive.is_active = False
    inactive.save()
    assert not is_staff_member(inactive)


def test_single_pupil_and_guardian_checks_follow_the_lists(world):
    a_pupil, b_pupil = world["pupils"][world["a"].code], world["pupils"][world["b"].code]
    guardian = make_guardian()
    link = link_guardian(guardian, b_pupil)
    staff_a, staff_b = make_staff("teacher", world["a"]), make_staff("teacher", world["b"])
    assert pupil_in_staff_scope(staff_a, a_pupil) and not pupil_in_staff_scope(staff_a, b_pupil)
    assert guardian_in_staff_scope(staff_b, guardian)
    assert not guardian_in_staff_scope(staff_a, guardian)
    assert list(links_for_staff(staff_b)) == [link]
    assert list(links_for_staff(staff_a)) == []


def test_a_guardian_is_wholly_in_scope_only_when_every_confirmed_child_is(world):
    a_pupil, r_pupil = world["pupils"][world["a"].code], world["pupils"][world["r"].code]
    guardian = make_guardian()
    link_guardian(guardian, a_pupil)
    clerk_a = make_staff("admin_staff", world["a"])
    assert guardian_wholly_in_staff_scope(clerk_a, guardian)
    assert not guardian_wholly_in_staff_scope(make_staff("teacher", world["a"]), guardian)
    assert not guardian_wholly_in_staff_scope(AnonymousUser(), guardian)
    pending = link_guardian(guardian, r_pupil, confirmed=False)
    assert guardian_wholly_in_staff_scope(clerk_a, guardian)  # an unconfirmed child reaches nothing
    pending.confirmed_at = timezone.now()
    pending.save()
    assert not guardian_wholly_in_staff_scope(clerk_a, guardian)
    assert guardian_wholly_in_staff_scope(make_user(is_superuser=True), guardian)


def test_a_guardian_shared_with_another_school_is_shared_beyond_it(world):
    a_pupil, r_pupil = world["pupils"][world["a"].code], world["pupils"][world["r"].code]
    guardian = make_guardian()
    link_guardian(guardian, a_pupil)
    assert not guardian_shared_beyond(guardian, world["a"])
    assert guardian_shared_beyond(guardian, world["b"])
    assert not guardian_shared_beyond(guardian, world["b"], also_here=[a_pupil.pk])
    link_guardian(guardian, r_pupil, confirmed=False)  # linked, even unconfirmed
    assert guardian_shared_beyond(guardian, world["a"])


def test_a_guardian_account_loses_a_child_whose_link_is_suspended_or_ended(world):
    guardian = make_guardian()
    user = give_guardian_account(guardian)
    first, second = world["pupils"][world["a"].code], world["pupils"][world["b"].code]
    link_guardian(guardian, first)
    link = link_guardian(guardian, second)
    assert set(pupils_for_account(user)) == {first, second}
    assert account_may_see_pupil(user, second.pk)
    link.suspended_at = timezone.now()
    link.save()
    assert list(pupils_for_account(user)) == [first]
    assert not account_may_see_pupil(user, second.pk)
    link.suspended_at, link.ended_at = None, timezone.now()
    link.save()
    assert list(pupils_for_account(user)) == [first]
    user.is_active = False
    user.save()
    assert not pupils_for_account(user).exists()
