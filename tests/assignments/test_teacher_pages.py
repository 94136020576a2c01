"""The teacher's pages: set with the resource chooser, edit, postpone, withdraw, progress, export."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assignments import assigning, progress
from assignments.models import Assignment

from .conftest import next_school_day, next_sunday

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


def test_signed_out_visitors_go_to_the_staff_sign_in(school_world):
    response = Client().get(reverse("assignments:teacher_list"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_a_pupil_or_admin_staff_gets_404(school_world):
    from tests.factories.schools import make_staff

    for user in (school_world["pupil"].user, make_staff("admin_staff", school_world["school"])):
        assert staff_client(user).get(reverse("assignments:teacher_list")).status_code == 404


def test_the_chooser_finds_by_title_within_the_class_level(school_world):
    client = staff_client(school_world["teacher"])
    response = client.post(
        reverse("assignments:teacher_new"),
        {"classes": [school_world["taught"].pk], "q": "ondes", "find": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Les ondes mécaniques" in body and "Exercices sur les ondes" in body
    assert "Les ondes pour 3AP" not in body  # another level
    assert "1BAC-SP-2" not in body  # a class the teacher does not teach is not offered
    assert not Assignment.objects.exists()


def test_setting_an_assignment_through_the_form(school_world):
    client = staff_client(school_world["teacher"])
    due = next_school_day(3)
    response = client.post(
        reverse("assignments:teacher_new"),
        {
            "classes": [school_world["taught"].pk],
            "resources": [school_world["lesson"].pk],
            "due_on": due.isoformat(),
            "instructions": "اقرأ الدرس",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.due_on == due and assignment.instructions == "اقرأ الدرس"
    listing = client.get(reverse("assignments:teacher_list")).content.decode()
    assert 'dir="auto"' in listing and "اقرأ الدرس" in listing


def test_a_posted_class_not_taught_is_refused_and_nothing_is_lost(school_world):
    client = staff_client(school_world["teacher"])
    response = client.post(
        reverse("assignments:teacher_new"),
        {
            "classes": [school_world["other"].pk],
            "resources": [school_world["lesson"].pk],
            "due_on": next_school_day(3).isoformat(),
            "instructions": "Texte gardé",
        },
    )
    assert response.status_code == 200
    assert "Texte gardé" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_sunday_asks_for_confirmation_then_goes_through(school_world):
    client = staff_client(school_world["teacher"])
    fields = {
        "classes": [school_world["taught"].pk],
        "resources": [school_world["lesson"].pk],
        "due_on": next_sunday().isoformat(),
    }
    warned = client.post(reverse("assignments:teacher_new"), fields)
    assert warned.status_code == 200
    assert 'name="confirm_non_school_day"' in warned.content.decode()
    assert not Assignment.objects.exists()
    confirmed = client.post(
        reverse("assignments:teacher_new"), fields | {"confirm_non_school_day": "on"}
    )
    assert confirmed.status_code == 302
    assert Assignment.objects.get().due_on == next_sunday()


def test_edit_postpone_withdraw(school_world):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=next_school_day(2)
    )
    client = staff_client(w["teacher"])
    edited = client.post(
        reverse("assignments:teacher_edit", args=[assignment.pk]),
        {
            "classes": [w["taught"].pk],
            "resources": [w["lesson"].pk, w["exercise"].pk],
            "due_on": assignment.due_on.isoformat(),
        },
    )
    assert edited.status_code == 302
    assert assignment.resources.count() == 2
    later = next_school_day(9)
    postponed = client.post(
        reverse("assignments:teacher_postpone", args=[assignment.pk]),
        {"due_on": later.isoformat()},
    )
    assert postponed.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).due_on == later
    confirm = client.get(reverse("assignments:teacher_withdraw", args=[assignment.pk]))
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.ACTIVE
    assert (
        client.post(reverse("assignments:teacher_withdraw", args=[assignment.pk])).status_code
        == 302
    )
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.WITHDRAWN


def test_a_colleague_cannot_reach_anothers_assignment(school_world):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=next_school_day(2)
    )
    client = staff_client(w["colleague"])
    for name in ("teacher_edit", "teacher_postpone", "teacher_progress"):
        assert client.get(reverse(f"assignments:{name}", args=[assignment.pk])).status_code == 404
    assert (
        client.post(reverse("assignments:teacher_withdraw", args=[assignment.pk])).status_code
        == 404
    )
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.ACTIVE


def test_progress_and_its_exports(school_world):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=next_school_day(2)
    )
    progress.record_opened(w["pupil"].user, w["lesson"])
    progress.set_done(w["pupil"], assignment.pk, True)
    progress.record_opened(w["classmate"].user, w["lesson"])
    client = staff_client(w["teacher"])
    page = client.get(reverse("assignments:teacher_progress", args=[assignment.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert w["pupil"].full_name in body and w["classmate"].full_name in body
    assert w["outsider"].full_name not in body  # another class
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("assignments:teacher_progress_export", args=[assignment.pk, "csv"])
                ).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    by_code = {row[1]: row for row in rows[1:]}
    assert len(rows) == 3
    assert by_code[w["pupil"].massar_code][6] != ""  # done
    assert (
        by_code[w["classmate"].massar_code][5] != ""
        and by_code[w["classmate"].massar_code][6] == ""
    )
    xlsx = client.get(reverse("assignments:teacher_progress_export", args=[assignment.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert xlsx["Cache-Control"] == "no-store"
    assert (
        client.get(
            reverse("assignments:teacher_progress_export", args=[assignment.pk, "pdf"])
        ).status_code
        == 404
    )
