"""Who reaches an assignment and its progress (law 09-08): the pupil, their guardians, the
teachers of their class; nobody else, staff of the same school included."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments import assigning, progress
from assignments.models import PupilProgress, Teaching
from portal_auth.models import GuardianLink
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_guardian,
    make_school,
    make_staff,
)

from .conftest import next_school_day

pytestmark = pytest.mark.django_db

MARKER = "HOMEWORK-MARKER-7731"


@pytest.fixture
def matrix(school_world):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"],
        classes=[w["taught"]],
        resources=[w["lesson"]],
        due_on=next_school_day(2),
        instructions=MARKER,
    )
    progress.set_done(w["pupil"], assignment.pk, True)
    co_teacher = make_staff("teacher", w["school"])
    Teaching.objects.create(teacher=co_teacher, school_class=w["taught"])
    unconfirmed = make_guardian()
    link_guardian(unconfirmed, w["pupil"], confirmed=False)
    suspended = make_guardian()
    link = link_guardian(suspended, w["pupil"])
    GuardianLink.objects.filter(pk=link.pk).update(suspended_at=timezone.now())
    far_school = make_school()
    users = {
        "anonymous": None,
        "pupil": w["pupil"].user,
        "classmate": w["classmate"].user,
        "outsider": w["outsider"].user,
        "guardian": w["guardian"].user,
        "guardian_unconfirmed": give_guardian_account(unconfirmed),
        "guardian_suspended": give_guardian_account(suspended),
        "teacher": w["teacher"],
        "co_teacher": co_teacher,
        "colleague": w["colleague"],
        "admin_staff": make_staff("admin_staff", w["school"]),
        "director": make_staff("director", w["school"]),
        "teacher_elsewhere": make_staff("teacher", far_school),
    }
    return {"assignment": assignment, "users": users, **w}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


SEES_PROGRESS = {"teacher", "co_teacher"}
SEES_TODO = {"pupil", "classmate", "guardian"}
MAY_MARK = {"pupil", "classmate"}
ROLES = [
    "anonymous",
    "pupil",
    "classmate",
    "outsider",
    "guardian",
    "guardian_unconfirmed",
    "guardian_suspended",
    "teacher",
    "co_teacher",
    "colleague",
    "admin_staff",
    "director",
    "teacher_elsewhere",
]


@pytest.mark.parametrize("role", ROLES)
def test_progress_pages(matrix, role):
    client = client_for(matrix["users"][role])
    pk = matrix["assignment"].pk
    for url in (
        reverse("assignments:teacher_progress", args=[pk]),
        reverse("assignments:teacher_progress_export", args=[pk, "csv"]),
        reverse("assignments:teacher_progress_export", args=[pk, "xlsx"]),
    ):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        elif role in SEES_PROGRESS:
            assert response.status_code == 200
        else:
            assert response.status_code == 404, (role, url)
    if role in SEES_PROGRESS:
        page = client.get(reverse("assignments:teacher_progress", args=[pk])).content.decode()
        assert matrix["pupil"].full_name in page
        assert matrix["outsider"].full_name not in page


@pytest.mark.parametrize("role", ROLES)
def test_the_to_do_list(matrix, role):
    response = client_for(matrix["users"][role]).get(reverse("assignments:todo"))
    body = response.content.decode() if response.status_code == 200 else ""
    assert (MARKER in body) == (role in SEES_TODO), role
    if role == "anonymous":
        assert response.status_code == 302
    elif role in {"outsider"}:
        assert response.status_code == 200
    elif role not in SEES_TODO:
        assert response.status_code == 404, role


def test_a_classmate_never_sees_the_pupils_done_mark(matrix):
    body = client_for(matrix["users"]["classmate"]).get(reverse("assignments:todo")).content
    assert b'name="done" value="1"' in body and b'name="done" value="0"' not in body
    own = client_for(matrix["users"]["pupil"]).get(reverse("assignments:todo")).content
    assert b'name="done" value="0"' in own


@pytest.mark.parametrize("role", ROLES)
def test_marking_done(matrix, role):
    pupil_rows = PupilProgress.objects.count()
    response = client_for(matrix["users"][role]).post(
        reverse("assignments:done", args=[matrix["assignment"].pk]), {"done": "1"}
    )
    if role in MAY_MARK:
        assert response.status_code == 302
    else:
        assert response.status_code == 404, role
        assert PupilProgress.objects.count() == pupil_rows


@pytest.mark.parametrize("role", ["colleague", "co_teacher", "admin_staff", "director"])
def test_only_the_author_changes_it(matrix, role):
    client = client_for(matrix["users"][role])
    pk = matrix["assignment"].pk
    for name in ("teacher_edit", "teacher_postpone", "teacher_withdraw"):
        assert client.get(reverse(f"assignments:{name}", args=[pk])).status_code == 404
    assert client.post(reverse("assignments:teacher_withdraw", args=[pk])).status_code == 404


def test_guessed_ids_are_404(matrix):
    client = client_for(matrix["users"]["teacher"])
    for name in ("teacher_edit", "teacher_postpone", "teacher_progress"):
        assert client.get(reverse(f"assignments:{name}", args=[999999])).status_code == 404
    pupil = client_for(matrix["users"]["pupil"])
    assert pupil.post(reverse("assignments:done", args=[999999]), {"done": "1"}).status_code == 404


SEES_PUPILS_DATA = {"pupil", "guardian"}


@pytest.mark.parametrize("role", ROLES)
def test_the_family_data_shows_the_pupils_progress_to_the_pupil_and_guardians_only(matrix, role):
    """Progress is the pupil's, their guardians' (confirmed, not suspended) and their class's
    teachers' (the progress pages above): in "My data", only the pupil and guardians see it."""
    progress.record_opened(matrix["pupil"].user, matrix["lesson"])
    response = client_for(matrix["users"][role]).get(reverse("portal_auth:my_data"))
    body = response.content.decode() if response.status_code == 200 else ""
    shows = matrix["pupil"].massar_code in body and matrix["lesson"].title in body
    assert shows == (role in SEES_PUPILS_DATA), role
