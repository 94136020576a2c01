"""Families choose their appointment on the request form, from the school's free slots."""

import datetime
import threading

import pytest
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal_auth.desk import scheduling
from portal_auth.desk.document_requests import move, submit_request
from portal_auth.models import AppointmentSlot, DocumentRequest, RequestEvent
from portal_auth.schools.closed_days import is_closed_day
from tests.factories.desk import desk_staff, family, in_english, local_at  # noqa: F401  (fixture)
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)
from tests.portal_auth.test_slots import POSTGRES_ONLY, committed, committed_rows  # noqa: F401

S = DocumentRequest.Status
NEW = "portal_auth:request_new"


def another_family(school):
    """A second pupil of ``school`` and their guardian's account."""
    pupil = make_pupil(make_class(school))
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    return pupil, give_guardian_account(guardian)


def iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat()


# --- closed days -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day,closed",
    [
        (datetime.date(2026, 12, 6), True),  # a Sunday
        (datetime.date(2026, 11, 18), True),  # Independence Day
        (datetime.date(2027, 1, 11), True),  # Proclamation of Independence
        (datetime.date(2026, 12, 5), False),  # a Saturday: offices open in the morning
        (datetime.date(2026, 12, 7), False),  # a Monday
    ],
)
def test_closed_days(day, closed):
    assert is_closed_day(day) is closed


def test_religious_holidays_come_from_the_school_calendar():
    assert is_closed_day(datetime.date(2026, 5, 27))  # Eid al-Adha, library/school_calendar.py


def test_other_closed_days_come_from_settings(settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "CLOSED_DAYS": ["2027-04-02"]}
    assert is_closed_day(datetime.date(2027, 4, 2))
    assert not is_closed_day(datetime.date(2027, 4, 1))


@pytest.mark.django_db
def test_no_slot_on_a_sunday_or_a_holiday_even_with_opening_hours():
    school, *_ = family()  # opening hours on all seven days
    sunday, holiday = datetime.date(2026, 12, 6), datetime.date(2026, 11, 18)
    assert scheduling.slots_of_day(school, sunday) == []
    assert scheduling.slots_of_day(school, holiday) == []
    monday = scheduling.slots_of_day(school, datetime.date(2026, 12, 7))
    assert len(monday) == 16


@pytest.mark.django_db
def test_booking_a_closed_day_is_refused_with_its_reason(settings):
    school, *_ = family()
    day = local_at(3, 0).date()
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "CLOSED_DAYS": [day.isoformat()]}
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    with pytest.raises(scheduling.SlotOnClosedDay), transaction.atomic():
        scheduling.take_seat(school, start)
    assert not AppointmentSlot.objects.exists()


@pytest.mark.django_db
def test_free_slots_are_grouped_by_day_and_skip_closed_days():
    school, *_ = family()
    days = scheduling.free_slots_by_day(school, days=6, now=local_at(1, 0))
    assert len(days) == 6
    assert [d for d, _slots in days] == sorted(d for d, _slots in days)
    assert not any(is_closed_day(d) for d, _slots in days)
    assert all(len(slots) == 16 for _d, slots in days)
    assert days[0][0] == local_at(1, 0).date()


# --- the form ------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.usefixtures("in_english")
class TestRequestForm:
    def test_family_picks_a_slot_and_the_request_is_scheduled(self, client):
        school, pupil, _g, user = family()
        client.force_login(user)
        page = client.get(reverse(NEW)).content.decode()
        start = local_at(2, 9)
        assert f'value="{iso(start)}"' in page
        response = client.post(
            reverse(NEW), {"pupil": pupil.pk, "kind": "certificate", "slot": iso(start)}
        )
        request = DocumentRequest.objects.get()
        assert response.status_code == 302
        assert request.status == S.SCHEDULED and request.slot.starts_at == start
        assert AppointmentSlot.objects.get(school=school, starts_at=start).booked == 1
        assert list(
            RequestEvent.objects.filter(request=request).values_list("from_status", "to_status")
        ) == [("", S.PENDING), (S.PENDING, S.SCHEDULED)]

    def test_no_choice_leaves_it_to_the_school(self, client):
        _school, pupil, _g, user = family()
        client.force_login(user)
        client.post(reverse(NEW), {"pupil": pupil.pk, "kind": "certificate", "slot": ""})
        request = DocumentRequest.objects.get()
        assert request.status == S.PENDING and request.slot is None

    def test_without_open_slots_the_request_is_still_sent(self, client):
        school, pupil, _g, user = family()
        school.opening_hours.all().delete()
        client.force_login(user)
        page = client.get(reverse(NEW)).content.decode()
        assert 'id="no-slot"' in page and 'name="slot"' not in page
        response = client.post(reverse(NEW), {"pupil": pupil.pk, "kind": "transcript"})
        assert response.status_code == 302
        assert DocumentRequest.objects.get().status == S.PENDING

    def test_a_slot_taken_meanwhile_gives_the_form_back_with_what_was_typed(self, client):
        school, pupil, _guardian, user = family()
        school.opening_hours.update(capacity=1)
        start = local_at(2, 9)
        client.force_login(user)
        client.get(reverse(NEW))
        other_pupil, other_user = another_family(school)
        # the other family takes the last seat between showing the form and sending it
        submit_request(other_user, other_pupil, "certificate", slot_start=start)
        response = client.post(
            reverse(NEW),
            {
                "pupil": pupil.pk,
                "kind": "other",
                "other_label": "Attestation de scolarité",
                "note": "Je viens le matin",
                "slot": iso(start),
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "This slot is full; choose another one." in page
        assert "Attestation de scolarité" in page and "Je viens le matin" in page
        assert f'value="{iso(start)}"' not in page  # full: no longer offered
        assert f'value="{iso(local_at(2, 9, 30))}"' in page
        assert not DocumentRequest.objects.filter(requester=user).exists()
        assert AppointmentSlot.objects.get(school=school, starts_at=start).booked == 1

    def test_a_time_off_the_schedule_is_refused_and_nothing_is_stored(self, client):
        _school, pupil, _g, user = family()
        client.force_login(user)
        for value, message in (
            (iso(local_at(2, 9, 10)), "not open at this time"),
            ("tomorrow at nine", "Choose one of the times shown."),
        ):
            response = client.post(
                reverse(NEW), {"pupil": pupil.pk, "kind": "certificate", "slot": value}
            )
            assert response.status_code == 200
            assert message in response.content.decode()
        assert not DocumentRequest.objects.exists()
        assert not AppointmentSlot.objects.filter(booked__gt=0).exists()

    def test_staff_can_still_move_the_appointment_the_family_chose(self):
        school, pupil, _g, user = family()
        request = submit_request(user, pupil, "certificate", slot_start=local_at(2, 9))
        staff = desk_staff(school)
        move(request, S.SCHEDULED, staff, slot_start=local_at(2, 11))
        booked = dict(
            AppointmentSlot.objects.filter(school=school).values_list("starts_at", "booked")
        )
        assert booked == {local_at(2, 9): 0, local_at(2, 11): 1}

    def test_family_may_choose_later_while_pending(self, client):
        _school, pupil, _g, user = family()
        request = submit_request(user, pupil, "certificate")
        client.force_login(user)
        page = client.get(reverse("portal_auth:request_detail", args=[request.pk])).content
        assert b'name="slot"' in page and b"Choose a slot" in page
        client.post(
            reverse("portal_auth:request_slot", args=[request.pk]), {"slot": iso(local_at(2, 10))}
        )
        request.refresh_from_db()
        assert request.status == S.SCHEDULED and request.slot.starts_at == local_at(2, 10)


@pytest.mark.django_db
def test_slots_are_written_the_moroccan_way_in_arabic(client):
    _school, _pupil, _g, user = family()
    client.force_login(user)
    with translation.override("ar"):
        page = client.get(reverse(NEW)).content.decode()
    day = local_at(1, 0).date()
    moroccan = [
        "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
        "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
    ]  # fmt: skip
    assert f"{day.day} {moroccan[day.month - 1]} {day.year}" in page
    assert "الأحد" not in page  # no Sunday offered


@pytest.mark.django_db
def test_the_form_works_for_a_guardian_with_children_at_two_schools(client):
    school_a, pupil_a, guardian, user = family()
    school_b, pupil_b, *_ = family()
    link_guardian(guardian, pupil_b)
    school_b.opening_hours.update(opens_at=datetime.time(10), closes_at=datetime.time(12))
    client.force_login(user)
    # 08:00 exists at school A only: asked for the child at school B it is refused
    response = client.post(
        reverse(NEW), {"pupil": pupil_b.pk, "kind": "certificate", "slot": iso(local_at(2, 8))}
    )
    assert response.status_code == 200
    assert f'value="{iso(local_at(2, 10))}"' in response.content.decode()
    assert f'value="{iso(local_at(2, 9))}"' not in response.content.decode()
    assert not DocumentRequest.objects.exists()


# --- the race ------------------------------------------------------------------------------------
@pytest.mark.postgres
@POSTGRES_ONLY
@pytest.mark.usefixtures("committed_rows")
def test_two_families_taking_the_last_seat_one_wins_the_other_keeps_the_form():
    start = local_at(2, 9)

    def world():
        school, pupil, _guardian, user = family()
        school.opening_hours.update(capacity=1)
        clients = []
        for who, account in ((pupil, user), another_family(school)):
            web = Client()
            web.force_login(account)
            clients.append((web, who))
        return school, clients

    school, clients = committed(world)
    with translation.override("en"):
        url = reverse(NEW)
    pages: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send(web, pupil, note):
        try:
            barrier.wait(timeout=30)
            response = web.post(
                url, {"pupil": pupil.pk, "kind": "certificate", "note": note, "slot": iso(start)}
            )
            result = (response.status_code, response.content.decode())
        finally:
            connections.close_all()
        with lock:
            pages.append(result)

    for _round in range(3):
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=send, args=(web, pupil, f"note of family {n}"))
            for n, (web, pupil) in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(status for status, _page in pages)
        assert statuses == [200, 302], statuses
        loser = next(page for status, page in pages if status == 200)
        assert "This slot is full" in loser and "note of family" in loser
        assert AppointmentSlot.objects.get(school=school, starts_at=start).booked == 1
        open_requests = DocumentRequest.objects.filter(school=school, status=S.SCHEDULED)
        assert open_requests.count() == 1
        # next round: the winner cancels, the seat is free again
        committed(lambda rows=open_requests: [move(r, S.CANCELLED, r.requester) for r in rows])
        pages.clear()
