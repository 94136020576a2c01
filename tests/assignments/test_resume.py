"""Continue where you left off: a pupil's place in an assigned recording, kept with nothing
more than the position, and offered back as a link that starts the player there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import PupilProgress

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


def report(client: Client, page, seconds, token: str | None = None):
    """What the page's script sends: the form token from the page, the whole seconds."""
    if token is None:
        body = client.get(page.url).content.decode()
        token = body.split('data-csrf="', 1)[1].split('"', 1)[0]
    return client.post(
        reverse("assignments:position", args=[page.pk]),
        {"seconds": seconds, "csrfmiddlewaretoken": token},
    )


def position_of(pupil, page) -> int | None:
    row = PupilProgress.objects.filter(pupil=pupil, resource=page).first()
    return row.position_seconds if row else None


def test_a_pupil_reports_a_position_and_the_page_offers_to_resume(school_world, video_lesson):
    w, page = school_world, video_lesson["page"]
    client = signed_in(w["pupil"].user)
    first = client.get(page.url).content.decode()
    assert "assignments/resume.js" in first  # the reporter, only for this pupil and page
    assert "?t=" not in first  # nothing to resume yet
    assert report(client, page, "125").status_code == 204
    assert position_of(w["pupil"], page) == 125
    body = client.get(page.url).content.decode()
    assert 'href="?t=125"' in body
    assert "2:05" in body
    resumed = client.get(page.url, {"t": "125"}).content.decode()
    assert "#t=125" in resumed  # the player's sources start there, no script needed


def test_the_to_do_list_offers_to_resume_the_recording(school_world, video_lesson):
    w, page = school_world, video_lesson["page"]
    client = signed_in(w["pupil"].user)
    report(client, page, "300")
    todo = client.get(reverse("assignments:todo")).content.decode()
    assert f'href="{page.url}?t=300"' in todo
    assert "5:00" in todo


def test_near_the_end_there_is_nothing_left_to_resume(school_world, video_lesson):
    w, page = school_world, video_lesson["page"]
    client = signed_in(w["pupil"].user)
    report(client, page, "125")
    assert report(client, page, "590").status_code == 204
    assert position_of(w["pupil"], page) == 0
    assert "?t=" not in client.get(page.url).content.decode()


def test_a_position_past_the_end_or_not_a_number_is_refused_and_changes_nothing(
    school_world, video_lesson
):
    w, page = school_world, video_lesson["page"]
    client = signed_in(w["pupil"].user)
    report(client, page, "125")
    for bad in ("-3", "abc", "99999", ""):
        assert report(client, page, bad).status_code == 400
    assert position_of(w["pupil"], page) == 125


def test_anonymous_visitors_guardians_and_staff_leave_no_trace(school_world, video_lesson):
    w, page = school_world, video_lesson["page"]
    anonymous = Client(enforce_csrf_checks=True)
    assert "assignments/resume.js" not in anonymous.get(page.url).content.decode()
    refused = anonymous.post(
        reverse("assignments:position", args=[page.pk]),
        {"seconds": 5, "csrfmiddlewaretoken": _token(anonymous)},
    )
    assert refused.status_code == 404
    for user in (w["guardian"].user, w["teacher"]):
        client = signed_in(user)
        assert "assignments/resume.js" not in client.get(page.url).content.decode()
        assert report(client, page, "10", token=_token(client)).status_code == 404
    assert not PupilProgress.objects.filter(resource=page, position_seconds__gt=0).exists()


def test_a_recording_not_assigned_to_the_pupil_is_not_recorded(school_world, video_lesson):
    w, page = school_world, video_lesson["page"]
    outsider = signed_in(w["outsider"].user)
    assert "assignments/resume.js" not in outsider.get(page.url).content.decode()
    assert report(outsider, page, "10", token=_token(outsider)).status_code == 404
    assert not PupilProgress.objects.filter(pupil=w["outsider"]).exists()


def test_the_start_time_is_ignored_when_it_is_not_a_time_of_the_recording(
    school_world, video_lesson
):
    page = video_lesson["page"]
    for bad in ("-1", "9999", "abc"):
        assert "#t=" not in Client().get(page.url, {"t": bad}).content.decode()


def _token(client: Client) -> str:
    """A valid form token for ``client``, as any page with a form would give it."""
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return _mask_cipher_secret(secret)


def played_at(pupil, page):
    row = PupilProgress.objects.filter(pupil=pupil, resource=page).first()
    return row.played_at if row else None


def test_playing_most_of_a_recording_is_noted_once_and_the_teacher_sees_it(
    school_world, video_lesson
):
    import csv
    import io

    w, page, assignment = school_world, video_lesson["page"], video_lesson["assignment"]
    client = signed_in(w["pupil"].user)
    report(client, page, "300")  # half of the ten minutes
    assert played_at(w["pupil"], page) is None
    report(client, page, "485")  # past 80 %
    first = played_at(w["pupil"], page)
    assert first is not None
    report(client, page, "20")  # watching again from the start keeps the first time
    assert played_at(w["pupil"], page) == first
    signed_in(w["classmate"].user).get(page.url)  # opened, never played

    teacher = signed_in(w["teacher"])
    body = teacher.get(reverse("assignments:teacher_progress", args=[assignment.pk]))
    assert "<td>1/1</td>" in body.content.decode()
    export = teacher.get(
        reverse("assignments:teacher_progress_export", args=[assignment.pk, "csv"])
    ).content.decode("utf-8-sig")
    rows = {r[1]: r for r in csv.reader(io.StringIO(export), delimiter=";")}
    assert rows[w["pupil"].massar_code][7] == "1/1"
    assert rows[w["classmate"].massar_code][7] == "0/1"
