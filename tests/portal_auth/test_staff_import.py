"""The staff upload page: the worker's dry-run preview, then confirm imports exactly the previewed
file (the run's page, ``portal_auth_staff:import_run``)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from portal_auth.models import ImportRun, Mark, SecurityEvent
from tests.factories.schools import make_class, make_pupil, make_staff

from .test_import_marks import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); Arabic is the default."""
    with translation.override("en"):
        yield


def marks_url() -> str:
    return reverse("portal_auth_records:import_kind", args=["marks"])


def test_preview_then_confirm(client):
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    staff = make_staff("admin_staff", school_class.school)
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    client.force_login(staff)
    url = marks_url()
    from catalog.models import Subject

    upload = SimpleUploadedFile(
        "m.xlsx", xlsx([[pupil.massar_code, "", "12,5", 14, None, None, 15]])
    )
    response = client.post(
        url,
        {
            "file": upload,
            "school_class": school_class.pk,
            "subject": Subject.objects.get(slug="mathematiques").pk,
            "semester": 1,
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'name="confirm"' in page
    assert not Mark.objects.exists()
    run_url = reverse("portal_auth_staff:import_run", args=[ImportRun.objects.get().pk])
    assert response.redirect_chain == [(run_url, 302)]
    response = client.post(run_url, {"confirm": "1"})
    assert response.status_code == 302
    assert Mark.objects.count() == 3
    assert SecurityEvent.objects.filter(kind="import").exists()
    assert "Imported." in client.get(run_url).content.decode()
    # Confirming twice does nothing more.
    client.post(run_url, {"confirm": "1"})
    assert Mark.objects.count() == 3


def test_errors_show_and_offer_no_confirm(client):
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    staff = make_staff("admin_staff", school_class.school)
    client.force_login(staff)
    from catalog.models import Subject

    upload = SimpleUploadedFile(
        "m.xlsx", xlsx([[pupil.massar_code, "", "vingt", None, None, None, None]])
    )
    page = client.post(
        marks_url(),
        {
            "file": upload,
            "school_class": school_class.pk,
            "subject": Subject.objects.get(slug="mathematiques").pk,
            "semester": 1,
        },
        follow=True,
    ).content.decode()
    assert "5" in page and "C (الفرض 1)" in page and 'name="confirm"' not in page


def test_class_of_another_school_is_not_offered(client):
    school_class = make_class()
    staff = make_staff("admin_staff")
    client.force_login(staff)
    page = client.get(marks_url()).content.decode()
    assert school_class.name not in page


def test_pupils_and_guardians_get_a_404(client):
    from tests.factories.schools import give_pupil_account

    user = give_pupil_account(make_pupil())
    client.force_login(user)
    for name in ("portal_auth_records:import", "portal_auth_records:publish_marks"):
        assert client.get(reverse(name)).status_code in (302, 403)  # admin sign-in or refused
    for kind in ("marks", "timetable", "absences"):
        url = reverse("portal_auth_records:import_kind", args=[kind])
        assert client.get(url).status_code in (302, 403)


def test_the_import_screen_explains_the_formats_itself(client):
    school_class = make_class()
    staff = make_staff("admin_staff", school_class.school)
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    client.force_login(staff)
    html = client.get(marks_url()).content.decode()
    assert "docs/" not in html, "help belongs in the screen, not in a repository path"
    assert "Nothing is written before you confirm the preview." in html
