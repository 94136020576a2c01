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
