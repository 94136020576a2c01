"""An assignment saved for offline use: its resources in one pack, offered to the class's pupils
on the assignment; its size shown first, built by the worker, served with byte ranges, rebuilt
when a resource changes, refused over the limit with a smaller choice."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from assignments import assigning
from catalog.offline.packs import is_built

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


@pytest.fixture
def homework(school_world, video_lesson):
    w = school_world
    assignment = video_lesson["assignment"]
    assigning.edit_assignment(
        assignment,
        w["teacher"],
        classes=[w["taught"]],
        resources=[video_lesson["page"], w["lesson"]],
        due_on=assignment.due_on,
    )
    return {**w, **video_lesson}


def page_url(assignment, **query) -> str:
    url = reverse("assignments:pack", args=[assignment.pk])
    return url + ("?listen=1" if query.get("listen") else "")


def prepare(client, assignment, capture, **data):
    with capture(execute=True):
        return client.post(page_url(assignment), data)


def download_url(body: str) -> str:
    return body.split('class="button" href="', 1)[1].split('"', 1)[0]


def test_the_pupil_is_offered_the_pack_sees_its_size_and_downloads_it(
    homework, django_capture_on_commit_callbacks
):
    w, assignment = homework, homework["assignment"]
    client = client_for(w["pupil"].user)
    todo = client.get(reverse("assignments:todo")).content.decode()
    assert f'href="{page_url(assignment)}"' in todo
    first = client.get(page_url(assignment)).content.decode()
    assert "data-pack-size=" in first and "2" in first  # two lessons, their size
    assert '<form method="post">' in first  # "Prepare the pack"
    assert prepare(client, assignment, django_capture_on_commit_callbacks).status_code == 302
    body = client.get(page_url(assignment)).content.decode()
    url = download_url(body)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("index.html").decode()
    assert 'dir="rtl"' in index and "<script" not in index
    assert w["lesson"].title in index and w["page"].title in index
    assert len([n for n in archive.namelist() if n.startswith("files/")]) == 2


def test_a_cut_download_resumes_with_a_range(homework, django_capture_on_commit_callbacks):
    w, assignment = homework, homework["assignment"]
    client = client_for(w["pupil"].user)
    prepare(client, assignment, django_capture_on_commit_callbacks)
    url = download_url(client.get(page_url(assignment)).content.decode())
    whole = client.get(url)
    data = b"".join(whole.streaming_content)
    cut = int(len(data) * 0.6)
    rest = client.get(url, HTTP_RANGE=f"bytes={cut}-", HTTP_IF_RANGE=whole["ETag"])
    assert rest.status_code == 206
    assert data[:cut] + b"".join(rest.streaming_content) == data


@pytest.mark.parametrize(
    "role, sees",
    [
        ("anonymous", False),
        ("pupil", True),
        ("classmate", True),
        ("guardian", True),
        ("teacher", True),
        ("outsider", False),
        ("colleague", False),
    ],
)
def test_only_the_class_its_families_and_its_teachers_reach_the_pack(
    homework, role, sees, django_capture_on_commit_callbacks
):
    w, assignment = homework, homework["assignment"]
    prepare(client_for(w["pupil"].user), assignment, django_capture_on_commit_callbacks)
    url = download_url(client_for(w["pupil"].user).get(page_url(assignment)).content.decode())
    users = {
        "anonymous": None,
        "pupil": w["pupil"].user,
        "classmate": w["classmate"].user,
        "guardian": w["guardian"].user,
        "teacher": w["teacher"],
        "outsider": w["outsider"].user,
        "colleague": w["colleague"],
    }
    client = client_for(users[role])
    if role == "teacher":
        listed = client.get(reverse("assignments:teacher_list")).content.decode()
        assert f'href="{page_url(assignment)}"' in listed
        back = client.get(page_url(assignment)).content.decode()
        assert f'href="{reverse("assignments:teacher_list")}"' in back
    for target in (page_url(assignment), url):
        status = client.get(target).status_code
        if role == "anonymous":
            assert status == 302
        else:
            assert (status == 200) == sees, (role, target, status)
            assert sees or status == 404


def test_a_changed_resource_rebuilds_under_a_new_name(homework, django_capture_on_commit_callbacks):
    w, assignment = homework, homework["assignment"]
    client = client_for(w["pupil"].user)
    prepare(client, assignment, django_capture_on_commit_callbacks)
    old = download_url(client.get(page_url(assignment)).content.decode())
    lesson = w["lesson"]
    lesson.title = "Les ondes mécaniques (corrigé)"
    lesson.save_revision().publish()
    again = client.get(page_url(assignment)).content.decode()
    assert 'class="button" href="' not in again  # to prepare again
    assert client.get(old).status_code == 404
    prepare(client, assignment, django_capture_on_commit_callbacks)
    new = download_url(client.get(page_url(assignment)).content.decode())
    assert new != old


def test_an_unpublished_resource_is_left_out(homework):
    from assignments.offline_packs import pack_of_assignment

    w = homework
    assert len(pack_of_assignment(w["assignment"]).files) == 2
    w["lesson"].unpublish()
    assert [f.resource.pk for f in pack_of_assignment(w["assignment"]).files] == [w["page"].pk]


def test_a_pack_over_the_limit_is_refused_with_its_size_and_nothing_is_built(
    homework, settings, django_capture_on_commit_callbacks
):
    from assignments.offline_packs import pack_of_assignment

    w, assignment = homework, homework["assignment"]
    sound_only = pack_of_assignment(assignment, listen=True)
    settings.MAKTABA_OFFLINE = {"PACK_MAX_BYTES": sound_only.size}
    client = client_for(w["pupil"].user)
    body = client.get(page_url(assignment)).content.decode()
    assert 'role="alert"' in body
    assert 'href="?listen=1"' in body  # the sound-only pack fits: offered with its size
    assert '<form method="post">' not in body  # no "Prepare the pack"
    prepare(client, assignment, django_capture_on_commit_callbacks)
    assert not is_built(pack_of_assignment(assignment))


def test_a_draft_of_a_resource_keeps_the_pack(homework):
    """Only what pupils see counts: an editor's unpublished draft changes no pack's name."""
    from assignments.offline_packs import pack_of_assignment

    w = homework
    before = pack_of_assignment(w["assignment"]).name
    w["lesson"].title = "Brouillon"
    w["lesson"].save_revision()
    assert pack_of_assignment(w["assignment"]).name == before
