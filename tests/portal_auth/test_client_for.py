"""The ``client_for`` fixture signs in whom it is asked for, through the backend each one uses."""

import pytest
from django.urls import reverse

from portal_auth.models import StaffRole
from tests.factories.schools import make_school

pytestmark = pytest.mark.django_db


def test_a_pupil_and_a_guardian_reach_their_space(client_for):
    for role in ("pupil", "guardian"):
        client = client_for(role)
        assert client.get(reverse("portal_auth:home")).status_code == 200
        assert client.user.username.startswith(role)


def test_a_staff_role_is_made_over_the_target_and_sent_to_the_admin(client_for):
    school = make_school()
    client = client_for("director", school, language="en")
    role = StaffRole.objects.get(user=client.user)
    assert (role.role, role.school) == ("director", school)
    assert client.user.wagtail_userprofile.preferred_language == "en"
    assert client.get(reverse("portal_auth:home"))["Location"].startswith("/admin")
    assert client.get("/admin/").status_code == 200
