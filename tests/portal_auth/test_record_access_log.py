"""Every staff view of a minor's records is logged; the school's director reads that log."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal_auth.accounts import codes
from portal_auth.desk.document_requests import submit_request
from portal_auth.desk.school_messages import start_thread
from portal_auth.models import Mark, RecordAccess
from portal_auth.privacy.retention import purge_expired_records
from tests.factories.records import make_absence, put_mark
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
    make_school_year,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    make_school_year()
    school_a, school_b = make_school(), make_school()
    pupil_a = make_pupil(make_class(school_a), last_name_latin="Alaoui")
    pupil_b = make_pupil(make_class(school_b), last_name_latin="Bennani")
    put_mark(pupil_a, pupil_a.enrolment_for().school_class, "mathematiques", "test_1", "15")
    return school_a, school_b, pupil_a, pupil_b


def test_viewing_a_pupils_marks_creates_one_row_saying_who_what_when(schools, client_for):
    school_a, _school_b, pupil_a, _pupil_b = schools
    client = client_for("teacher", school_a)
    teacher = client.user
    before = timezone.now()
    url = reverse("portal_auth_staff:pupil_marks", args=[pupil_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "15" in response.content.decode()
    row = RecordAccess.objects.get()
    assert (row.actor, row.pupil, row.school, row.kind) == (teacher, pupil_a, school_a, "marks")
    assert row.screen == url
    assert before <= row.created_at <= timezone.now()


def test_a_pupil_out_of_scope_is_404_and_logs_nothing(schools, client_for):
    school_a, _school_b, _pupil_a, pupil_b = schools
    client = client_for("teacher", school_a)
    response = client.get(reverse("portal_auth_staff:pupil_marks", args=[pupil_b.pk]))
    assert response.status_code == 404
    assert not RecordAccess.objects.exists()


def test_lists_requests_and_messages_are_logged_per_pupil_shown(schools, client_for):
    school_a, _school_b, pupil_a, _pupil_b = schools
    guardian = make_guardian()
    link_guardian(guardian, pupil_a)
    user = give_guardian_account(guardian)
    document_request = submit_request(user, pupil_a, "certificate")
    thread = start_thread(user, pupil_a, "question", "Horaires", "Quand ?")
    client = client_for("admin_staff", school_a)
    staff = client.user
    screens = {
        "personal": [reverse("portal_auth_staff:pupils"), reverse("portal_auth_staff:guardians")],
        "codes": [reverse("portal_auth_staff:codes")],
        "requests": [
            reverse("portal_requests_staff:queue"),
            reverse("portal_requests_staff:detail", args=[document_request.pk]),
        ],
        "messages": [
            reverse("portal_requests_staff:threads"),
            reverse("portal_requests_staff:thread", args=[thread.pk]),
        ],
    }
    codes.issue_pupil_code(pupil_a)
    for kind, urls in screens.items():
        for url in urls:
            assert client.get(url).status_code == 200, url
            assert RecordAccess.objects.filter(
                actor=staff, pupil=pupil_a, kind=kind, screen=url
            ).exists(), url


def test_director_reads_their_schools_rows_only_filtered_and_paginated(schools, client_for):
    school_a, school_b, pupil_a, pupil_b = schools
    teacher_a = client_for("teacher", school_a)
    teacher_b = client_for("teacher", school_b)
    teacher_a.get(reverse("portal_auth_staff:pupil_marks", args=[pupil_a.pk]))
    teacher_b.get(reverse("portal_auth_staff:pupil_marks", args=[pupil_b.pk]))
    director = client_for("director", school_a)
    url = reverse("portal_auth_staff:access_log")
    html = director.get(url).content.decode()
    assert pupil_a.massar_code in html
    assert pupil_b.massar_code not in html
    assert reverse("portal_auth_staff:pupil_marks", args=[pupil_a.pk]) in html
    # filter by pupil
    other = make_pupil(make_class(school_a), last_name_latin="Chraibi")
    RecordAccess.objects.create(pupil=other, school=school_a, kind="personal", screen="/x/")
    filtered = director.get(url, {"pupil": other.massar_code}).content.decode()
    assert other.massar_code in filtered and pupil_a.massar_code not in filtered
    # filter by date
    RecordAccess.objects.filter(pupil=other).update(created_at=timezone.now() - timedelta(days=40))
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recent = director.get(url, {"since": since}).content.decode()
    assert pupil_a.massar_code in recent and other.massar_code not in recent
    bad = director.get(url, {"since": "yesterday"})
    assert bad.status_code == 200  # a bad date is ignored, with a message
    # paginated
    RecordAccess.objects.bulk_create(
        RecordAccess(pupil=pupil_a, school=school_a, kind="marks", screen="/y/") for _ in range(60)
    )
    first = director.get(url)
    assert first.context["page"].paginator.num_pages == 2
    assert director.get(url, {"p": 2}).status_code == 200


def test_a_teacher_or_admin_staff_cannot_open_the_log(schools, client_for):
    school_a, *_ = schools
    for role in ("teacher", "admin_staff"):
        client = client_for(role, school_a)
        assert client.get(reverse("portal_auth_staff:access_log")).status_code == 403


def test_reading_the_log_is_not_itself_logged_and_a_refresh_adds_no_duplicate(schools, client_for):
    school_a, _school_b, pupil_a, _pupil_b = schools
    client = client_for("director", school_a)
    url = reverse("portal_auth_staff:pupil_marks", args=[pupil_a.pk])
    client.get(url)
    client.get(url)
    client.get(reverse("portal_auth_staff:access_log"))
    assert RecordAccess.objects.count() == 1


def test_old_rows_are_purged_after_the_retention_period(schools, settings):
    school_a, _school_b, pupil_a, _pupil_b = schools
    now = timezone.now()
    old = RecordAccess.objects.create(pupil=pupil_a, school=school_a, kind="marks", screen="/")
    RecordAccess.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=731))
    kept = RecordAccess.objects.create(pupil=pupil_a, school=school_a, kind="marks", screen="/")
    RecordAccess.objects.filter(pk=kept.pk).update(created_at=now - timedelta(days=700))
    counts = purge_expired_records(now)
    assert counts.record_accesses == 1
    assert list(RecordAccess.objects.values_list("pk", flat=True)) == [kept.pk]
    settings.MAKTABA_PORTAL = {"RECORD_ACCESS_RETENTION_DAYS": 30}
    assert purge_expired_records(now).record_accesses == 1


@pytest.mark.parametrize("who", ["admin_staff", "teacher", "superuser"])
def test_the_admin_lists_and_forms_of_marks_and_absences_are_logged(schools, client_for, who):
    school_a, _school_b, pupil_a, _pupil_b = schools
    absence = make_absence(pupil_a, date=datetime.date(2025, 10, 6))
    client = client_for(make_user(is_superuser=True) if who == "superuser" else who, school_a)
    mark = Mark.objects.get(pupil=pupil_a)
    pages = [
        (reverse("portal_marks:index"), "marks"),
        (reverse("portal_absences:index"), "absences"),
        (reverse("portal_marks:index_results"), "marks"),
    ]
    if who != "teacher":  # teachers read the tables; the forms are for those who manage
        pages += [
            (reverse("portal_marks:edit", args=[mark.pk]), "marks"),
            (reverse("portal_absences:edit", args=[absence.pk]), "absences"),
        ]
    for url, kind in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert pupil_a.massar_code in response.content.decode(), url
        row = RecordAccess.objects.get(screen=url)
        assert (row.actor, row.pupil, row.school, row.kind) == (
            client.user,
            pupil_a,
            school_a,
            kind,
        )


def test_another_schools_staff_see_no_mark_and_leave_no_row(schools, client_for):
    school_a, school_b, pupil_a, _pupil_b = schools
    mark = Mark.objects.get(pupil=pupil_a)
    client = client_for("admin_staff", school_b)
    page = client.get(reverse("portal_marks:index"))
    assert page.status_code == 200
    assert pupil_a.massar_code not in page.content.decode()
    assert client.get(reverse("portal_marks:edit", args=[mark.pk])).status_code == 404
    assert not RecordAccess.objects.filter(pupil=pupil_a).exists()


def test_a_thread_of_a_pupil_who_moved_is_logged_for_the_school_that_holds_it(schools, client_for):
    school_a, school_b, pupil_a, _pupil_b = schools
    guardian = make_guardian()
    link_guardian(guardian, pupil_a)
    thread = start_thread(give_guardian_account(guardian), pupil_a, "question", "Bulletin", "?")
    enrolment = pupil_a.enrolment_for()
    enrolment.school_class = make_class(school_b)
    enrolment.save()
    client = client_for("admin_staff", school_a)
    staff = client.user
    url = reverse("portal_requests_staff:thread", args=[thread.pk])
    assert client.get(url).status_code == 200
    row = RecordAccess.objects.get()
    assert (row.actor, row.pupil, row.school, row.kind) == (staff, pupil_a, school_a, "messages")
