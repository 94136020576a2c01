"""The portal's e-book recipients: the directors of the editor's academy, once each."""

import pytest
from wagtail.users.models import UserProfile

from portal_auth.models import StaffRole
from portal_auth.schools.ebook_recipients import school_directors
from tests.factories.schools import (
    make_academy,
    make_directorate,
    make_school,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_directors_of_the_editors_academy_only():
    casa = make_academy("casablanca-settat")
    rabat = make_academy("rabat-sale-kenitra")
    school_a, school_b = make_school(make_directorate(casa)), make_school(make_directorate(casa))
    director_a = make_staff("director", school_a)
    director_a.email, director_a.first_name = "a@example.ma", "Amina"
    director_a.save()
    director_b = make_staff("director", school_b)
    profile = UserProfile.get_for_user(director_b)
    profile.preferred_language = "fr"
    profile.save()
    make_staff("director", make_school(make_directorate(rabat)))  # another academy
    make_staff("teacher", school_a)  # not a director
    editor = make_staff("admin_staff", casa)

    recipients = {r.key: r for r in school_directors(editor)}
    assert set(recipients) == {f"user:{director_a.pk}", f"user:{director_b.pk}"}
    assert recipients[f"user:{director_a.pk}"].email == "a@example.ma"
    assert recipients[f"user:{director_a.pk}"].language == "ar"
    assert recipients[f"user:{director_b.pk}"].language == "fr"
    assert recipients[f"user:{director_b.pk}"].email == ""


def test_a_director_with_two_roles_is_listed_once():
    casa = make_academy()
    school = make_school(make_directorate(casa))
    director = make_staff("director", school)
    StaffRole.objects.create(user=director, role="director", scope="academy", academy=casa)
    editor = make_staff("admin_staff", school)
    assert [r.key for r in school_directors(editor)] == [f"user:{director.pk}"]


def test_editor_without_role_gets_nobody_but_superuser_gets_everyone():
    director = make_staff("director", make_school())
    assert school_directors(make_user()) == []
    superuser = make_user(is_superuser=True)
    assert [r.key for r in school_directors(superuser)] == [f"user:{director.pk}"]


def test_inactive_directors_are_left_out():
    school = make_school()
    director = make_staff("director", school)
    director.is_active = False
    director.save()
    assert school_directors(make_staff("admin_staff", school)) == []
