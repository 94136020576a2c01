"""The admin home of staff costs a small number of queries, the same for one school or many:
staff roles are read once per request and every menu item, panel and screen gate asks the
cached permission policy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal_auth.models import Academy
from tests.factories.schools import make_class, make_directorate, make_pupil, make_school

pytestmark = pytest.mark.django_db

# Measured: 18 for a school director, 1 on StaffRole (sessions, Wagtail's page and workflow panels, the
# request desk's counts); before the roles were cached it was 62, 25 of them on StaffRole.
MAX_QUERIES = 24


def _home_queries(client) -> list[str]:
    client.get(reverse("wagtailadmin_home"))  # warm: site root, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("role", ["director", "admin_staff", "teacher"])
def test_the_admin_home_costs_a_small_constant_number_of_queries(
    client_for, django_assert_max_num_queries, role
):
    school = make_school()
    make_pupil(make_class(school))
    client = client_for(role, school)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_staff_roles_are_read_once_per_request(client_for):
    school = make_school()
    sql = _home_queries(client_for("director", school))
    assert sum('"portal_auth_staffrole"' in q.split(" WHERE ")[0] for q in sql) == 1


def test_an_academy_role_costs_the_same_as_a_school_role(client_for):
    academy = Academy.objects.get(slug="casablanca-settat")
    directorate = make_directorate(academy)
    schools = [make_school(directorate) for _ in range(6)]
    for school in schools:
        make_pupil(make_class(school))
    wide = len(_home_queries(client_for("director", academy)))
    narrow = len(_home_queries(client_for("director", schools[0])))
    assert wide == narrow


def test_the_records_menu_offers_each_role_what_its_policy_allows(client_for):
    school = make_school()
    make_pupil(make_class(school))
    urls = {
        name: reverse(f"portal_auth_records:{name}")
        for name in ("publish_marks", "import", "text_messages")
    }
    director = client_for("director", school).get(reverse("wagtailadmin_home")).content.decode()
    assert all(url in director for url in urls.values())
    teacher = client_for("teacher", school).get(reverse("wagtailadmin_home")).content.decode()
    assert urls["text_messages"] in teacher
    assert urls["publish_marks"] not in teacher and urls["import"] not in teacher
