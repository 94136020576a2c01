"""What a family can ask to see (law 09-08): the "My data" page and its download list each
child's assignments and progress, and only that child's, only to that child and their guardians."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from assignments import assigning, progress, resume
from portal_auth.privacy.personal_data import gather

from .conftest import next_school_day

pytestmark = pytest.mark.django_db

MARKER = "FAMILY-DATA-MARKER-4410"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


@pytest.fixture
def homework(school_world, video_lesson):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"],
        classes=[w["taught"]],
        resources=[w["lesson"]],
        due_on=next_school_day(3),
        instructions=MARKER,
    )
    progress.set_done(w["pupil"], assignment.pk, True)
    progress.record_opened(w["pupil"].user, w["lesson"])
    resume.record_position(w["pupil"].user, video_lesson["page"], 125)
    return {"assignment": assignment, **w, **video_lesson}


def _child(data, pupil):
    return next(p for p in data["pupils"] if p["profile"]["massar_code"] == pupil.massar_code)


def test_the_pupils_data_lists_assignments_done_marks_and_progress(homework):
    w = homework
    child = _child(gather(w["pupil"].user), w["pupil"])
    section = child["assignments"]
    done = next(a for a in section["assignments"] if a["instructions"] == MARKER)
    assert done["due_on"] == homework["assignment"].due_on.isoformat()
    assert done["done_at"] is not None
    assert done["resources"] == [w["lesson"].title]
    by_title = {row["resource"]: row for row in section["progress"]}
    assert by_title[w["lesson"].title]["first_opened_at"] is not None
    assert by_title[w["page"].title]["position_seconds"] == 125
    assert all("teacher" not in a for a in section["assignments"])  # staff names are not shown


def test_the_guardian_sees_the_childs_homework_the_classmate_does_not(homework):
    w = homework
    child = _child(gather(w["guardian"].user), w["pupil"])
    assert child["assignments"]["progress"]
    classmate = _child(gather(w["classmate"].user), w["classmate"])
    assert classmate["assignments"]["progress"] == []
    assert all(a["done_at"] is None for a in classmate["assignments"]["assignments"])


def test_the_page_and_the_download_show_it(homework):
    w = homework
    client = client_for(w["guardian"].user)
    page = client.get(reverse("portal_auth:my_data")).content.decode()
    assert MARKER in page
    assert w["page"].title in page
    download = client.get(reverse("portal_auth:my_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    listed = _child(data, w["pupil"])["assignments"]["assignments"]
    assert MARKER in [a["instructions"] for a in listed]
    html = archive.read(next(n for n in names if n.endswith(".html"))).decode()
    assert MARKER in html and w["page"].title in html
