"""The pupil's "to do", the done mark, opening a resource, and what a guardian sees."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assignments import assigning
from assignments.due_dates import format_due, relative_due
from assignments.models import Assignment, PupilProgress

from .conftest import next_school_day

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


def assign(w, due_on=None, resources=None, text="Lisez"):
    return assigning.create_assignment(
        w["teacher"],
        classes=[w["taught"]],
        resources=resources or [w["lesson"]],
        due_on=due_on or next_school_day(2),
        instructions=text,
    )


def test_the_pupil_sees_their_class_assignments_newest_due_first(school_world):
    w = school_world
    soon = assign(w, next_school_day(1), text="FIRST-TEXT")
    later = assign(w, next_school_day(8), text="LATER-TEXT")
    body = signed_in(w["pupil"].user).get(reverse("assignments:todo")).content.decode()
    assert body.index("LATER-TEXT") < body.index("FIRST-TEXT")
    assert w["lesson"].url in body
    assert f'action="{reverse("assignments:done", args=[soon.pk])}"' in body
    assert later.pk
    other = signed_in(w["outsider"].user).get(reverse("assignments:todo")).content.decode()
    assert "FIRST-TEXT" not in other


def test_a_withdrawn_assignment_disappears(school_world):
    w = school_world
    assignment = assign(w, text="GONE-TEXT")
    assigning.withdraw(assignment, w["teacher"])
    body = signed_in(w["pupil"].user).get(reverse("assignments:todo")).content.decode()
    assert "GONE-TEXT" not in body


def test_done_is_a_post_and_can_be_taken_back(school_world):
    w = school_world
    assignment = assign(w)
    client = signed_in(w["pupil"].user)
    url = reverse("assignments:done", args=[assignment.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"done": "1"}).status_code == 302
    assert PupilProgress.objects.get(pupil=w["pupil"], assignment=assignment).done_at
    assert client.post(url, {"done": "0"}).status_code == 302
    assert PupilProgress.objects.get(pupil=w["pupil"], assignment=assignment).done_at is None


def test_another_class_or_a_guardian_cannot_mark_it(school_world):
    w = school_world
    assignment = assign(w)
    url = reverse("assignments:done", args=[assignment.pk])
    assert signed_in(w["outsider"].user).post(url, {"done": "1"}).status_code == 404
    assert signed_in(w["guardian"].user).post(url, {"done": "1"}).status_code == 404
    assert not PupilProgress.objects.exists()


def test_overdue_and_no_longer_available(school_world):
    w = school_world
    assignment = assign(w, resources=[w["lesson"], w["exercise"]])
    Assignment.objects.filter(pk=assignment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    w["exercise"].unpublish()
    with translation.override("fr"):
        body = signed_in(w["pupil"].user).get(reverse("assignments:todo")).content.decode()
    assert "en retard" in body
    assert "plus disponible" in body
    assert w["lesson"].url in body
    assert w["exercise"].url not in body


def test_opening_an_assigned_resource_records_it_for_pupils_only(school_world):
    w = school_world
    assign(w)
    Client().get(w["lesson"].url)
    assert not PupilProgress.objects.exists()  # anonymous visitors leave no trace
    signed_in(w["guardian"].user).get(w["lesson"].url)
    assert not PupilProgress.objects.exists()
    signed_in(w["outsider"].user).get(w["lesson"].url)  # not assigned to their class
    assert not PupilProgress.objects.exists()
    client = signed_in(w["pupil"].user)
    assert client.get(w["lesson"].url).status_code == 200
    first = PupilProgress.objects.get(pupil=w["pupil"], resource=w["lesson"]).opened_at
    client.get(w["lesson"].url)
    assert PupilProgress.objects.get(pupil=w["pupil"], resource=w["lesson"]).opened_at == first
    client.get(w["exercise"].url)  # not assigned
    assert PupilProgress.objects.count() == 1
    with translation.override("fr"):
        assert "(ouvert)" in client.get(reverse("assignments:todo")).content.decode()


def test_the_guardian_sees_the_child_and_whether_it_is_done(school_world):
    w = school_world
    assignment = assign(w, text="CHILD-TEXT")
    signed_in(w["pupil"].user).post(
        reverse("assignments:done", args=[assignment.pk]), {"done": "1"}
    )
    with translation.override("fr"):
        response = signed_in(w["guardian"].user).get(reverse("assignments:todo"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "CHILD-TEXT" in body and "Bennani" in body
    assert "fait" in body
    assert 'action="' + reverse("assignments:done", args=[assignment.pk]) not in body


def test_signed_out_go_to_sign_in_and_staff_get_404(school_world):
    response = Client().get(reverse("assignments:todo"))
    assert response.status_code == 302 and reverse("portal_auth:login") in response["Location"]
    assert signed_in(school_world["teacher"]).get(reverse("assignments:todo")).status_code == 404


def test_the_space_links_to_the_list(school_world):
    for user in (school_world["pupil"].user, school_world["guardian"].user):
        body = signed_in(user).get(reverse("portal_auth:home")).content.decode()
        assert reverse("assignments:todo") in body


def test_moroccan_dates_and_arabic_plurals():
    day = datetime.date(2026, 12, 9)
    with translation.override("ar"):
        assert format_due(day).endswith("9 دجنبر 2026")
        assert format_due(datetime.date(2026, 8, 3)).endswith("3 غشت 2026")
        texts = {n: relative_due(day, day - datetime.timedelta(days=n)) for n in (1, 2, 3, 11, 100)}
    assert len(set(texts.values())) == 5
    assert all(str(n) in text or n <= 2 for n, text in texts.items())
    with translation.override("fr"):
        assert format_due(day) == "mercredi 9 décembre 2026"
        assert relative_due(day, day - datetime.timedelta(days=2)) == "dans 2 jours"
        assert relative_due(day, day + datetime.timedelta(days=1)) == "1 jour de retard"


def test_a_full_to_do_list_fits_the_2g_budget(school_world):
    import gzip
    import re

    from django.contrib.staticfiles import finders

    w = school_world
    for n in range(20):
        assign(
            w,
            next_school_day(1 + n),
            resources=[w["lesson"], w["exercise"]],
            text="اقرأ الدرس وأنجز التمارين من 1 إلى 5 في الصفحة 42. " * 4,
        )
    response = signed_in(w["pupil"].user).get(
        reverse("assignments:todo"), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.get("Content-Encoding") == "gzip"
    html = gzip.decompress(response.content).decode()
    # The site's two scripts, offline (docs/offline.md) and title suggestions (docs/search.md);
    # they count in the budget.
    scripts = ["/static/offline/offline.js", "/static/search/suggest.js"]
    assert re.findall(r'<script src="([^"]+)"', html) == scripts
    assert html.count("<script") == 2
    total = len(response.content)
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + scripts
    for href in assets:
        with open(finders.find(href.removeprefix("/static/")), "rb") as fh:
            total += len(gzip.compress(fh.read()))
    assert len(response.content) < 14 * 1024
    assert total < 30 * 1024
