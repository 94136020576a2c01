"""The permission matrix extended to marks, timetables, the calendar and its feed, absences.

Every object carries a marker that only its own pages would show: a mark value (marks), a room
(timetable), an assessment note (calendar and feed) and an absence reason (absences). Each role
visits every page for every child it may select; the markers it meets are compared with the
matrix. ``own`` is the pupil, ``sibling`` the guardian's other child (another class),
``classmate`` a pupil of own's class, ``stranger`` a pupil of another school.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal_auth.models import CalendarFeedToken
from tests.factories.records import (
    make_absence,
    make_assessment,
    make_slot,
    publish,
    put_mark,
    year_containing_today,
)
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _arabic():
    """URLs are reversed and pages read in Arabic, whatever an earlier test left active."""
    with translation.override("ar"):
        yield


OBJECTS = ("own", "sibling", "classmate", "stranger")
PAGES = ("marks", "timetable", "calendar", "absences")
MARK_VALUES = {"own": "11.11", "sibling": "12.12", "classmate": "13.13", "stranger": "14.14"}

CLASS_OF = {"own": "class-a", "sibling": "class-b", "classmate": "class-a", "stranger": "class-c"}

# role → the markers it may meet: pupils' own (marks, absences), classes' (timetable, calendar)
MATRIX = {
    "pupil": {"own", "class-a"},
    "classmate": {"classmate", "class-a"},
    "guardian": {"own", "sibling", "class-a", "class-b"},
    "unconfirmed_guardian": set(),
    "other_guardian": {"stranger", "class-c"},
    "staff": set(),
    "anonymous": set(),
}


@pytest.fixture
def world():
    year = year_containing_today()
    class_a = make_class(level="2BAC", track="sciences-physiques", year=year)
    class_b = make_class(level="2BAC", track="sciences-physiques", year=year)
    class_c = make_class(level="2BAC", track="sciences-physiques", year=year)
    pupils = {
        "own": make_pupil(class_a),
        "sibling": make_pupil(class_b),
        "classmate": make_pupil(class_a),
        "stranger": make_pupil(class_c),
    }
    today = timezone.localdate()
    for n, (key, pupil) in enumerate(pupils.items()):
        school_class = pupil.current_class
        # Each pupil has the only mark of their subject in the class, so no class statistic
        # can carry it to a classmate's page.
        subject = ["mathematiques", "svt", "philosophie", "anglais"][n]
        put_mark(pupil, school_class, subject, "test_1", MARK_VALUES[key])
        make_absence(
            pupil,
            date=max(year.starts_on, today - datetime.timedelta(days=1)),
            reason=f"REASON-{key}",
        )
        if key != "classmate":  # the classmate shares own's class timetable and calendar
            marker = CLASS_OF[key]
            make_slot(school_class, weekday=today.isoweekday(), room=f"ROOM-{marker}")
            make_assessment(
                school_class, date=today + datetime.timedelta(days=2), note=f"NOTE-{marker}"
            )
        publish(school_class)
    guardian = make_guardian()
    link_guardian(guardian, pupils["own"])
    link_guardian(guardian, pupils["sibling"])
    unconfirmed = make_guardian()
    link_guardian(unconfirmed, pupils["own"], confirmed=False)
    other = make_guardian()
    link_guardian(other, pupils["stranger"])
    users = {
        "pupil": give_pupil_account(pupils["own"]),
        "classmate": give_pupil_account(pupils["classmate"]),
        "guardian": give_guardian_account(guardian),
        "unconfirmed_guardian": give_guardian_account(unconfirmed),
        "other_guardian": give_guardian_account(other),
        "staff": make_staff("director", class_a.school),
        "anonymous": None,
    }
    return pupils, users


def markers_in(text: str) -> set[str]:
    found = set()
    for key in OBJECTS:
        shown = MARK_VALUES[key].replace(".", ",")
        if f"REASON-{key}" in text or shown in text:
            found.add(key)
    for marker in set(CLASS_OF.values()):
        if f"ROOM-{marker}" in text or f"NOTE-{marker}" in text:
            found.add(marker)
    return found


def visit_all(client: Client, pupils) -> set[str]:
    """Every page, for every pupil the account may select (404 and redirects show nothing)."""
    seen: set[str] = set()
    for pupil in pupils.values():
        client.post(reverse("portal_auth:switch_child"), {"pupil": pupil.pk})
        for page in PAGES:
            response = client.get(reverse(f"portal_auth:{page}"))
            if response.status_code == 200:
                seen |= markers_in(response.content.decode())
    return seen


@pytest.mark.parametrize("role", list(MATRIX))
def test_space_pages_show_only_what_the_role_may_see(role, world):
    pupils, users = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    assert visit_all(client, pupils) == MATRIX[role]


@pytest.mark.parametrize("role", ["pupil", "guardian"])
def test_feed_shows_only_the_selected_pupils_tests(role, world):
    pupils, users = world
    client = Client()
    client.force_login(users[role])
    client.post(reverse("portal_auth:switch_child"), {"pupil": pupils["own"].pk})
    page = client.post(reverse("portal_auth:calendar"), {"action": "create"}).content.decode()
    url = re.search(r'class="feed-url">([^<]+)<', page).group(1).replace("http://testserver", "")
    client.logout()
    body = Client().get(url).content.decode()
    assert markers_in(body) == {"class-a"}
    CalendarFeedToken.objects.update(revoked_at=timezone.now())
    assert Client().get(url).status_code == 404
