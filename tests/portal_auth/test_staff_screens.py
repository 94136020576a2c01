"""Staff screens: the admin import (preview then confirm), slips, account state, the log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from portal_auth.accounts import codes
from portal_auth.models import ActivationCode, Pupil, SecurityEvent
from tests.factories.schools import (
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
    make_school_year,
)

pytestmark = pytest.mark.django_db

CSV = (
    "\ufeffCode Massar;Nom;Prénom;Classe;CIN tuteur;Nom tuteur\r\n"
    "J130000101;Alaoui;Salma;1BAC-SP-1;AB100001;Alaoui\r\n"
    "J130000102;Tazi;Omar;1BAC-SP-1;AB100002;Tazi\r\n"
).encode()


@pytest.fixture
def school():
    make_school_year()
    return make_school()


def test_import_preview_then_confirm(school, client_for):
    client = client_for("admin_staff", school)
    user = client.user
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    url = reverse("portal_auth_staff:import")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"school": school.pk, "file": SimpleUploadedFile("e.csv", CSV)}, follow=True
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.pupils_created, report.guardians_created) == (2, 2, 2)
    with translation.override("en"):  # the page is in the staff member's language
        assert report.summary() in response.content.decode()
    assert not Pupil.objects.exists()
    run_url = response.redirect_chain[-1][0]
    response = client.post(run_url, {"confirm": "1"})
    assert response.status_code == 302
    assert Pupil.objects.count() == 2
    assert SecurityEvent.objects.filter(kind="import", school=school).exists()
    # confirming twice imports nothing more
    response = client.post(run_url, {"confirm": "1"}, follow=True)
    assert Pupil.objects.count() == 2
    assert "This import was already confirmed." in response.content.decode()


def test_import_errors_are_listed_and_nothing_is_offered_to_confirm(school, client_for):
    client = client_for("director", school)
    bad = CSV + b"J13;Idrissi;Nora;1BAC-SP-1;;\r\n"
    response = client.post(
        reverse("portal_auth_staff:import"),
        {"school": school.pk, "file": SimpleUploadedFile("e.csv", bad)},
        follow=True,
    )
    errors = response.context["report"].errors
    assert len(errors) == 1 and "4" in errors[0]
    assert errors[0] in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()
    assert response.context["run"].status == "failed"
    assert not Pupil.objects.exists()


def test_import_into_a_school_out_of_scope_is_refused(school, client_for):
    client = client_for("admin_staff", school)
    other = make_school()
    response = client.post(
        reverse("portal_auth_staff:import"),
        {"school": other.pk, "file": SimpleUploadedFile("e.csv", CSV)},
    )
    assert response.status_code == 200 and "school" in response.context["form"].errors
    assert not Pupil.objects.exists()


def test_a_run_of_another_school_is_a_404_and_cannot_be_confirmed(school, client_for):
    client = client_for("admin_staff", school)
    response = client.post(
        reverse("portal_auth_staff:import"),
        {"school": school.pk, "file": SimpleUploadedFile("e.csv", CSV)},
        follow=True,
    )
    run_url = response.redirect_chain[-1][0]
    intruder = client_for("admin_staff", make_school())
    assert intruder.get(run_url).status_code == 404
    assert intruder.post(run_url, {"confirm": "1"}).status_code == 404
    teacher = client_for("teacher", school)
    assert teacher.post(run_url, {"confirm": "1"}).status_code == 403
    assert not Pupil.objects.exists()
    # Another staff member of the school may confirm it (another session, any web node).
    colleague = client_for("director", school)
    assert colleague.post(run_url, {"confirm": "1"}).status_code == 302
    assert Pupil.objects.count() == 2


def test_class_slips_for_new_accounts_only(school, client_for):
    school_class = make_class(school)
    done, new = make_pupil(school_class), make_pupil(school_class)
    give_pupil_account(done)
    link_guardian(make_guardian(), new, confirmed=False)
    client = client_for("admin_staff", school)
    user = client.user
    response = client.post(
        reverse("portal_auth_staff:class_slips", args=[school_class.pk]),
        {"who": "both", "only_new": "1"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert ActivationCode.objects.filter(pupil=new).count() == 2
    assert not ActivationCode.objects.filter(pupil=done).exists()
    assert SecurityEvent.objects.filter(kind="code_issued", actor=user).exists()


def test_lists_render_with_filters_and_search(school, client_for):
    school_class = make_class(school)
    pupil = make_pupil(school_class, last_name_latin="Berrada")
    link_guardian(make_guardian(last_name_latin="Guardianname"), pupil)
    codes.issue_pupil_code(pupil)
    client = client_for("director", school)
    pages = {
        "pupils": {"q": "berrada", "class": school_class.pk},
        "guardians": {"q": "guardianname"},
        "classes": {"school": school.pk},
        "codes": {"status": "active", "q": pupil.massar_code},
        "log": {"kind": "login"},
    }
    for name, params in pages.items():
        response = client.get(reverse(f"portal_auth_staff:{name}"), params)
        assert response.status_code == 200, name
    assert (
        "Berrada"
        in client.get(reverse("portal_auth_staff:pupils"), {"q": "berrada"}).content.decode()
    )
    assert (
        "Berrada"
        not in client.get(reverse("portal_auth_staff:pupils"), {"q": "nobody"}).content.decode()
    )


def test_disable_and_enable_from_the_admin_are_logged(school, client_for):
    pupil = make_pupil(make_class(school))
    user = give_pupil_account(pupil)
    client = client_for("admin_staff", school)
    url = reverse("portal_auth_staff:pupil_account", args=[pupil.pk])
    client.post(url, {"action": "disable"})
    user.refresh_from_db()
    assert not user.is_active
    client.post(url, {"action": "enable"})
    user.refresh_from_db()
    assert user.is_active
    kinds = set(SecurityEvent.objects.filter(pupil=pupil).values_list("kind", flat=True))
    assert {"account_disabled", "account_enabled"} <= kinds


def test_staff_menu_is_shown_to_staff_only(school, client_for):
    client = client_for("teacher", school)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("portal_auth_staff:pupils") in page
    assert reverse("portal_auth_staff:import") not in page


def test_administrators_manage_the_organisation_and_staff_roles(
    school, django_user_model, client_for
):
    admin = django_user_model.objects.create_superuser("root", password="x-long-password")
    client = Client()
    client.force_login(admin, backend="portal_auth.accounts.backends.StaffModelBackend")
    assert school.code in client.get(reverse("portal_schools:index")).content.decode()
    teacher = django_user_model.objects.create_user("newteacher")
    bad = client.post(
        reverse("portal_staff_roles:add"),
        {
            "user": teacher.pk,
            "role": "teacher",
            "scope": "directorate",
            "directorate": school.directorate_id,
        },
    )
    assert bad.status_code == 200 and not teacher.staff_roles.exists()
    good = client.post(
        reverse("portal_staff_roles:add"),
        {"user": teacher.pk, "role": "teacher", "scope": "school", "school": school.pk},
    )
    assert good.status_code == 302 and teacher.staff_roles.get().school == school
    assert teacher.has_perm("wagtailadmin.access_admin")
    staff_client_ = client_for("director", school)
    assert staff_client_.get(reverse("portal_schools:index")).status_code in (302, 403)


@pytest.mark.parametrize("page", ["pupils", "guardians", "codes", "classes"])
def test_staff_lists_use_a_constant_number_of_queries(school, page, client_for):
    school_class = make_class(school)
    client = client_for("director", school)

    def grow(n):
        for _ in range(n):
            pupil = make_pupil(school_class)
            link_guardian(make_guardian(), pupil)
            codes.issue_pupil_code(pupil)

    grow(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(f"portal_auth_staff:{page}")).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(f"portal_auth_staff:{page}")).status_code == 200
    assert len(many) == len(few), page


STAFF_SCREENS = [
    "portal_auth_staff:pupils",
    "portal_auth_staff:guardians",
    "portal_auth_staff:classes",
    "portal_auth_staff:codes",
    "portal_auth_staff:import",
    "portal_auth_staff:log",
    "portal_auth_staff:access_log",
    "portal_requests_staff:queue",
    "portal_requests_staff:day_list",
    "portal_requests_staff:threads",
]


@pytest.mark.parametrize("name", STAFF_SCREENS)
def test_staff_screens_work_before_any_school_year_exists(name, client_for):
    # A new install: a school and its director, no school year yet (none is current).
    client = client_for("director", make_school())
    response = client.get(reverse(name))
    assert response.status_code == 200, name


@pytest.mark.parametrize(
    "name", ["portal_auth_records:publish_marks", "portal_auth_records:import"]
)
def test_record_screens_without_a_school_year_say_there_is_no_class_to_manage(name, client_for):
    # The director's role allows these screens: with no class this year they open, empty,
    # rather than refusing the role (the 403 page) or failing.
    client = client_for("director", make_school())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "portal_auth/staff/forbidden.html" not in [t.name for t in response.templates]
