"""Quiet hours: no text message leaves at night (Africa/Casablanca); it waits for the morning."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from library.sms import quiet_hours, sending
from library.sms.backends.locmem import outbox
from library.sms.models import SmsStatus

CASABLANCA = ZoneInfo("Africa/Casablanca")
pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=CASABLANCA)


@pytest.fixture
def nights(settings):
    settings.MAKTABA_SMS = {
        **settings.MAKTABA_SMS,
        "QUIET_HOURS": {"START": "21:00", "END": "08:00"},
    }


@pytest.fixture(autouse=True)
def empty_outbox():
    outbox.clear()
    yield
    outbox.clear()


def test_the_night_waits_for_eight_in_casablanca(nights):
    assert not quiet_hours.is_quiet(at(4, 20, 59))
    assert quiet_hours.is_quiet(at(4, 21, 0)) and quiet_hours.is_quiet(at(5, 7, 59))
    assert quiet_hours.earliest(at(4, 22, 30)) == at(5, 8, 0)
    assert quiet_hours.earliest(at(5, 3, 0)) == at(5, 8, 0)
    assert quiet_hours.earliest(at(5, 12, 0)) == at(5, 12, 0)
    # Given in UTC, read in Casablanca's time (UTC+1 in December): 20:30 UTC is 21:30 there.
    evening_utc = datetime.datetime(2026, 12, 4, 20, 30, tzinfo=datetime.UTC)
    assert quiet_hours.earliest(evening_utc) == at(5, 8, 0)


def test_a_window_within_one_day_and_none(settings):
    settings.MAKTABA_SMS = {"QUIET_HOURS": {"START": "12:00", "END": "14:00"}}
    assert quiet_hours.is_quiet(at(4, 13)) and not quiet_hours.is_quiet(at(4, 15))
    assert quiet_hours.earliest(at(4, 13)) == at(4, 14)
    settings.MAKTABA_SMS = {"QUIET_HOURS": {"START": "00:00", "END": "00:00"}}
    assert not quiet_hours.is_quiet(at(4, 3))


def quiet_now(settings) -> datetime.datetime:
    """Quiet hours around the present moment; returns their end."""
    now = timezone.localtime(timezone.now(), CASABLANCA)
    start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1)
    settings.MAKTABA_SMS = {
        **settings.MAKTABA_SMS,
        "QUIET_HOURS": {"START": start.strftime("%H:%M"), "END": end.strftime("%H:%M")},
    }
    return end.replace(second=0, microsecond=0)


def test_a_message_queued_at_night_leaves_in_the_morning(settings):
    morning = quiet_now(settings)
    message, _created = sending.queue("night:1", "0612345678", "غياب سلمى يوم 3 دجنبر")
    assert message.next_attempt_at == morning
    assert sending.due_ids() == [] and sending.deliver(message.pk) is None
    # Even a message already due (queued before the night began) is held, not sent.
    type(message).objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert sending.deliver(message.pk) is None and outbox == []
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED and message.next_attempt_at == morning
    assert sending.due_ids(now=morning) == [message.pk]
