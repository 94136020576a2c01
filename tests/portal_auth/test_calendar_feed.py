"""The test and exam calendar and its secret, revocable iCalendar feed (RFC 5545)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal_auth.models import CalendarFeedToken, GuardianLink
from portal_auth.records.icalendar import escape_text, fold_line
from tests.factories.records import make_assessment
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)


@pytest.fixture(autouse=True)
def _arabic():
    """URLs are reversed and pages read in Arabic, whatever an earlier test left active."""
    with translation.override("ar"):
        yield


def test_escaping_of_text_values():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_at_75_octets_never_splits_a_character():
    line = "SUMMARY:" + "الفيزياء والكيمياء " * 10
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert fold_line("SHORT:x") == "SHORT:x"


def _sign_in(client, user):
    client.force_login(user)


def _create_feed(client) -> str:
    page = client.post(reverse("portal_auth:calendar"), {"action": "create"}).content.decode()
    match = re.search(r'<code dir="ltr" class="feed-url">([^<]+)</code>', page)
    assert match, page
    return match.group(1).replace("http://testserver", "")


@pytest.mark.django_db
def test_calendar_page_lists_upcoming_and_feed_serves_ics(client):
    school_class = make_class()
    pupil = make_pupil(school_class)
    today = timezone.localdate()
    make_assessment(
        school_class,
        "physique-chimie",
        date=today + datetime.timedelta(days=3),
        starts_at=datetime.time(8, 30),
        ends_at=datetime.time(10, 30),
        note="Chapitre 2, ondes; lumière",
    )
    make_assessment(
        school_class, "svt", date=today + datetime.timedelta(days=10), kind="exam_regional"
    )
    make_assessment(make_class(), "svt", date=today + datetime.timedelta(days=4))  # other class
    _sign_in(client, give_pupil_account(pupil))
    page = client.get(reverse("portal_auth:calendar")).content.decode()
    assert page.count("<tr>") == 3  # header + two assessments of the pupil's class
    url = _create_feed(client)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    start = datetime.datetime.combine(
        today + datetime.timedelta(days=3),
        datetime.time(8, 30),
        tzinfo=timezone.get_default_timezone(),
    )
    assert f"DTSTART:{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in body
    assert "DTSTART;VALUE=DATE:" in body
    assert "ondes\\; lumière" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


@pytest.mark.django_db
def test_revoked_feed_stops_working(client):
    pupil = make_pupil()
    _sign_in(client, give_pupil_account(pupil))
    url = _create_feed(client)
    assert client.get(url).status_code == 200
    feed = CalendarFeedToken.objects.get()
    client.post(reverse("portal_auth:calendar"), {"action": "revoke", "feed": feed.pk})
    client.logout()
    assert client.get(url).status_code == 404
    assert CalendarFeedToken.objects.get().revoked_at is not None


@pytest.mark.django_db
def test_feed_stops_when_the_guardian_link_goes_or_account_disabled(client):
    pupil = make_pupil()
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    user = give_guardian_account(guardian)
    _sign_in(client, user)
    url = _create_feed(client)
    client.logout()
    assert client.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 404
    user.is_active = True
    user.save()
    assert client.get(url).status_code == 200
    GuardianLink.objects.filter(guardian=guardian).delete()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_made_up_token_is_a_404_and_only_the_hash_is_stored(client):
    pupil = make_pupil()
    _sign_in(client, give_pupil_account(pupil))
    url = _create_feed(client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeedToken.objects.filter(token_hash=token).exists()
    made_up = ("y" if token[0] == "x" else "x") + token[1:]  # never the token itself
    assert client.get(url.replace(token, made_up)).status_code == 404


@pytest.mark.django_db
def test_someone_else_cannot_revoke_a_feed(client):
    pupil = make_pupil()
    row, _token = CalendarFeedToken.issue(pupil, give_pupil_account(pupil))
    other = make_pupil()
    _sign_in(client, give_pupil_account(other))
    response = client.post(reverse("portal_auth:calendar"), {"action": "revoke", "feed": row.pk})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


@pytest.mark.django_db
def test_a_new_link_offers_a_webcal_subscription_with_instructions(client):
    pupil = make_pupil()
    _sign_in(client, give_pupil_account(pupil))
    with translation.override("fr"):
        page = client.post("/fr/account/calendar/", {"action": "create"}).content.decode()
    match = re.search(r'href="(webcal://testserver/[^"]+)"', page)
    assert match, page
    feed = re.search(r'<code dir="ltr" class="feed-url">http://([^<]+)</code>', page).group(1)
    assert match.group(1) == "webcal://" + feed
    assert "iPhone" in page and "Android" in page
