"""Factories for requests, slots and messages, built on ``tests.factories.schools``."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from portal_auth.models import NotificationPreference, OpeningHours, School
from portal_auth.schools.closed_days import is_closed_day
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
    make_staff,
)


def open_every_day(
    school: School,
    *,
    opens: str = "08:00",
    closes: str = "16:00",
    slot_minutes: int = 30,
    capacity: int = 2,
) -> None:
    """Opening hours on all seven days, so tests do not depend on the weekday they run."""
    for weekday in range(7):
        OpeningHours.objects.create(
            school=school,
            weekday=weekday,
            opens_at=datetime.time.fromisoformat(opens),
            closes_at=datetime.time.fromisoformat(closes),
            slot_minutes=slot_minutes,
            capacity=capacity,
        )


def open_day(days_ahead: int) -> datetime.date:
    """The ``days_ahead``-th day from today the school is open (Sundays and holidays skipped);
    today's date shifted as is for ``days_ahead <= 0``."""
    day = timezone.localdate()
    if days_ahead <= 0:
        return day + datetime.timedelta(days=days_ahead)
    for _ in range(days_ahead):
        day += datetime.timedelta(days=1)
        while is_closed_day(day):
            day += datetime.timedelta(days=1)
    return day


def local_at(days_ahead: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime on the ``days_ahead``-th open day from today (``open_day``) at
    ``hour:minute`` local time."""
    day = open_day(days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def family(school: School | None = None, *, desk_emails: bool = True):
    """A school (open every day), a pupil in it, a guardian account linked to the pupil; the
    guardian chose e-mails for the desk's news (request updates, replies) unless told not to."""
    school = school or make_school()
    open_every_day(school)
    pupil = make_pupil(make_class(school))
    guardian = make_guardian(email="parent@example.ma")
    link_guardian(guardian, pupil)
    user = give_guardian_account(guardian)
    if desk_emails:
        choose_channels(user, request_status=["in_app", "email"], message_reply=["in_app", "email"])
    return school, pupil, guardian, user


def choose_channels(user, language: str = "", **channels: list[str]):
    """``user`` chose these channels per kind (the others keep the defaults)."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.channels = {**preference.channels, **channels}
    if language:
        preference.language = language
    preference.save()
    return preference


def school_staff(school: School, role: str = "admin_staff"):
    return make_staff(role, school)


def desk_staff(school: School, role: str = "admin_staff"):
    """A staff user of ``school``; the accounts' signal lets staff roles into the admin."""
    return make_staff(role, school)


@pytest.fixture
def in_english():
    """Messages in English (reverse() then gives /en/ URLs): tests read the source strings."""
    with translation.override("en"):
        yield
