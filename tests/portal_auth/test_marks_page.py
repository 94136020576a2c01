"""The marks page: hidden until published, Massar's tables, decimal comma, the inline SVG chart."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal_auth.models import SemesterPublication
from tests.factories.records import publish, put_mark, put_tests
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _arabic():
    """URLs are reversed and pages read in Arabic, whatever an earlier test left active."""
    with translation.override("ar"):
        yield


@pytest.fixture
def sp_class():
    return make_class(level="2BAC", track="sciences-physiques")


def marks_url(lang: str = "ar", semester: int = 1) -> str:
    with translation.override(lang):
        return reverse("portal_auth:marks") + f"?semester={semester}"


def signed_in(client, user):
    client.force_login(user)
    return client


def test_unpublished_semester_shows_no_mark(client, sp_class):
    pupil = make_pupil(sp_class)
    put_tests(pupil, sp_class, "mathematiques", "13.75", "16")
    signed_in(client, give_pupil_account(pupil))
    page = client.get(marks_url()).content.decode()
    assert "13,75" not in page and "13.75" not in page
    assert "<svg" not in page
    publish(sp_class, 1)
    page = client.get(marks_url()).content.decode()
    assert "13,75" in page
    assert "14,88" in page  # (13.75 + 16) / 2 = 14.875 → 14.88
    assert "<svg" in page and 'direction="rtl"' in page


def test_french_uses_a_decimal_comma_and_english_a_point(client, sp_class):
    pupil = make_pupil(sp_class)
    put_tests(pupil, sp_class, "mathematiques", "12.5")
    publish(sp_class)
    signed_in(client, give_pupil_account(pupil))
    fr = client.get(marks_url("fr")).content.decode()
    assert "12,50" in fr and 'direction="ltr"' in fr
    en = client.get(marks_url("en")).content.decode()
    assert "12.50" in en


def test_absent_and_exempt_cells_and_exam_table(client, sp_class):
    pupil = make_pupil(sp_class)
    put_tests(pupil, sp_class, "physique-chimie", "12", "abs", "exempt")
    put_mark(pupil, sp_class, "physique-chimie", "exam_national", "15.25")
    publish(sp_class)
    signed_in(client, give_pupil_account(pupil))
    with translation.override("fr"):
        page = client.get(marks_url("fr")).content.decode()
    assert "absent" in page and "exempt" in page
    assert "15,25" in page  # exam table
    assert "6,00" in page  # (12 + 0) / 2


def test_semester_2_published_separately_and_annual_average(client, sp_class):
    pupil = make_pupil(sp_class)
    put_tests(pupil, sp_class, "mathematiques", "12")
    put_tests(pupil, sp_class, "mathematiques", "15", semester=2)
    publish(sp_class, 1)
    signed_in(client, give_pupil_account(pupil))
    assert "15,00" not in client.get(marks_url(semester=2)).content.decode()
    publish(sp_class, 2)
    page = client.get(marks_url(semester=2)).content.decode()
    assert "15,00" in page and "13,50" in page  # annual (12 + 15) / 2


def test_pupil_never_sees_a_classmates_marks(client, sp_class):
    pupil, classmate, third = (make_pupil(sp_class) for _ in range(3))
    put_tests(pupil, sp_class, "mathematiques", "11")
    put_tests(classmate, sp_class, "mathematiques", "17.25")
    put_tests(third, sp_class, "mathematiques", "10")
    put_tests(classmate, sp_class, "svt", "18.5")
    put_tests(third, sp_class, "svt", "9")
    publish(sp_class)
    signed_in(client, give_pupil_account(pupil))
    page = client.get(marks_url()).content.decode()
    assert "11,00" in page
    # The classmate's mark appears only as the class maximum, never as their own cells.
    assert "17,25" in page  # class maximum of mathematics
    assert "18,50" not in page  # SVT: only two pupils have an average, no class figures
    assert classmate.massar_code not in page and classmate.last_name_latin not in page


def test_guardian_sees_the_selected_child_only(client, sp_class):
    child, other = make_pupil(sp_class), make_pupil(make_class())
    put_tests(child, sp_class, "mathematiques", "9.5")
    put_tests(other, other.current_class, "mathematiques", "19.75")
    publish(sp_class)
    publish(other.current_class)
    guardian = make_guardian()
    link_guardian(guardian, child)
    signed_in(client, give_guardian_account(guardian))
    page = client.get(marks_url()).content.decode()
    assert "9,50" in page and "19,75" not in page
    # Trying to switch to a child who is not theirs is a 404 and changes nothing.
    response = client.post(reverse("portal_auth:switch_child"), {"pupil": other.pk})
    assert response.status_code == 404
    assert "19,75" not in client.get(marks_url()).content.decode()


def test_unconfirmed_link_shows_nothing(client, sp_class):
    child = make_pupil(sp_class)
    put_tests(child, sp_class, "mathematiques", "9.5")
    publish(sp_class)
    guardian = make_guardian()
    link_guardian(guardian, child, confirmed=False)
    signed_in(client, give_guardian_account(guardian))
    assert client.get(marks_url()).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(marks_url())
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_staff_publish_and_withdraw(client, sp_class):
    from tests.factories.schools import make_staff

    staff = make_staff("admin_staff", sp_class.school)
    signed_in(client, staff)
    url = reverse("portal_auth_records:publish_marks")
    assert sp_class.name in client.get(url).content.decode()
    client.post(url, {"school_class": sp_class.pk, "semester": 1, "action": "publish"})
    assert SemesterPublication.objects.filter(school_class=sp_class, semester=1).exists()
    client.post(url, {"school_class": sp_class.pk, "semester": 1, "action": "unpublish"})
    assert not SemesterPublication.objects.exists()


def test_staff_of_another_school_cannot_publish(client, sp_class):
    from tests.factories.schools import make_staff

    signed_in(client, make_staff("admin_staff"))
    response = client.post(
        reverse("portal_auth_records:publish_marks"),
        {"school_class": sp_class.pk, "semester": 1, "action": "publish"},
    )
    assert response.status_code in (403, 404)
    assert not SemesterPublication.objects.exists()


def test_teacher_cannot_publish(client, sp_class):
    from tests.factories.schools import make_staff

    signed_in(client, make_staff("teacher", sp_class.school))
    response = client.post(
        reverse("portal_auth_records:publish_marks"),
        {"school_class": sp_class.pk, "semester": 1, "action": "publish"},
    )
    assert response.status_code == 403
    assert not SemesterPublication.objects.exists()
