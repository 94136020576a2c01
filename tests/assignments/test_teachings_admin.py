"""Who teaches which class is edited in the Wagtail admin by administrators, and only by them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assignments.models import Teaching

pytestmark = pytest.mark.django_db
INDEX = reverse("assignments_teachings:index")
ADD = reverse("assignments_teachings:add")


def test_an_administrator_lists_finds_and_adds_teachings(client, school_world):
    admin = get_user_model().objects.create_superuser(
        "root-admin", "root@example.ma", "x-long-pw-1"
    )
    client.force_login(admin)
    listed = client.get(INDEX, {"q": school_world["taught"].name})
    assert listed.status_code == 200
    assert str(school_world["teacher"]) in listed.content.decode()
    added = client.post(
        ADD,
        {"teacher": school_world["colleague"].pk, "school_class": school_world["taught"].pk},
    )
    assert added.status_code == 302
    assert Teaching.objects.filter(
        teacher=school_world["colleague"], school_class=school_world["taught"]
    ).exists()


def test_a_teacher_cannot_give_themself_a_class(client, school_world):
    client.force_login(school_world["teacher"])
    assert client.get(INDEX).status_code in (302, 403)
    client.post(
        ADD, {"teacher": school_world["teacher"].pk, "school_class": school_world["other"].pk}
    )
    assert not Teaching.objects.filter(
        teacher=school_world["teacher"], school_class=school_world["other"]
    ).exists()


@pytest.fixture
def directors(school_world):
    from portal_auth.schools.permissions import grant_admin_access
    from tests.factories.schools import make_class, make_school, make_staff

    w = school_world
    director = make_staff("director", w["school"])
    grant_admin_access(director)
    far = make_school()
    far_class = make_class(far, level="1BAC", year=w["year"], name="FAR-1BAC-1")
    far_teacher = make_staff("teacher", far)
    far_teaching = Teaching.objects.create(teacher=far_teacher, school_class=far_class)
    clerk = make_staff("admin_staff", w["school"])
    grant_admin_access(clerk)
    return {
        **w,
        "director": director,
        "far_class": far_class,
        "far_teacher": far_teacher,
        "far_teaching": far_teaching,
        "clerk": clerk,
    }


def test_a_director_sees_and_assigns_the_teachings_of_their_school_only(client, directors):
    d = directors
    client.force_login(d["director"])
    listed = client.get(INDEX).content.decode()
    assert d["taught"].name in listed and d["far_class"].name not in listed
    form = client.get(ADD).content.decode()
    assert d["other"].name in form and d["far_class"].name not in form
    assert str(d["far_teacher"]) not in form
    added = client.post(ADD, {"teacher": d["teacher"].pk, "school_class": d["other"].pk})
    assert added.status_code == 302
    assert Teaching.objects.filter(teacher=d["teacher"], school_class=d["other"]).exists()


def test_a_director_cannot_reach_another_schools_classes_teachers_or_teachings(client, directors):
    d = directors
    client.force_login(d["director"])
    client.post(ADD, {"teacher": d["teacher"].pk, "school_class": d["far_class"].pk})
    client.post(ADD, {"teacher": d["far_teacher"].pk, "school_class": d["other"].pk})
    assert not Teaching.objects.filter(school_class=d["far_class"], teacher=d["teacher"]).exists()
    assert not Teaching.objects.filter(teacher=d["far_teacher"], school_class=d["other"]).exists()
    far = d["far_teaching"].pk
    for name in ("edit", "delete"):
        response = client.get(reverse(f"assignments_teachings:{name}", args=[far]))
        assert response.status_code in (302, 403, 404)
    client.post(reverse("assignments_teachings:delete", args=[far]))
    assert Teaching.objects.filter(pk=far).exists()


def test_a_teacher_must_teach_at_the_classs_school(client, directors):
    """Even an administrator's form refuses a class of a school where the teacher has no role."""
    d = directors
    admin = get_user_model().objects.create_superuser("root-2", "root2@example.ma", "x-long-pw-2")
    client.force_login(admin)
    refused = client.post(ADD, {"teacher": d["far_teacher"].pk, "school_class": d["other"].pk})
    assert refused.status_code == 200
    assert not Teaching.objects.filter(teacher=d["far_teacher"], school_class=d["other"]).exists()


def test_the_office_staff_do_not_assign_teachings(client, directors):
    d = directors
    client.force_login(d["clerk"])
    assert client.get(INDEX).status_code in (302, 403)
    client.post(ADD, {"teacher": d["teacher"].pk, "school_class": d["other"].pk})
    assert not Teaching.objects.filter(teacher=d["teacher"], school_class=d["other"]).exists()
