"""Appointment slots: opening hours, proposals, refused times, and no overbooking under concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from portal_auth.desk import scheduling
from portal_auth.desk.document_requests import RequestError, move, submit_request
from portal_auth.models import AppointmentSlot, DocumentRequest
from tests.factories.desk import family, in_english, local_at, school_staff  # noqa: F401  (fixture)
from tests.factories.schools import link_guardian, make_class, make_pupil

S = DocumentRequest.Status
pytestmark = pytest.mark.usefixtures("in_english")


@pytest.mark.django_db
class TestSlotRules:
    def test_slots_of_a_day_follow_the_opening_hours(self):
        school, *_ = family()
        slots = scheduling.slots_of_day(school, local_at(1, 0).date())
        assert len(slots) == 16  # 08:00–16:00 in 30 minutes
        assert (slots[0].starts_at, slots[-1].ends_at) == (local_at(1, 8), local_at(1, 16))

    def test_closed_day_has_no_slot(self):
        school, *_ = family()
        day = local_at(1, 0).date()
        school.opening_hours.filter(weekday=day.weekday()).delete()
        assert scheduling.slots_of_day(school, day) == []
        with pytest.raises(scheduling.SlotOutsideHours):
            with transaction.atomic():
                scheduling.take_seat(school, local_at(1, 9))

    @pytest.mark.parametrize(
        "when,error",
        [
            (lambda: local_at(-1, 9), scheduling.SlotInPast),
            (lambda: local_at(1, 7, 30), scheduling.SlotOutsideHours),
            (lambda: local_at(1, 16), scheduling.SlotOutsideHours),
            (lambda: local_at(1, 9, 10), scheduling.SlotOutsideHours),
            (lambda: local_at(400, 9), scheduling.SlotTooFar),
        ],
    )
    def test_bad_times_are_refused(self, when, error):
        school, *_ = family()
        with pytest.raises(error), transaction.atomic():
            scheduling.take_seat(school, when())
        assert not AppointmentSlot.objects.exists()

    def test_capacity_is_respected_and_proposals_skip_full_slots(self):
        school, *_ = family()  # capacity 2
        start = local_at(2, 8)
        now = local_at(2, 0)
        for _ in range(2):
            with transaction.atomic():
                scheduling.take_seat(school, start)
        with pytest.raises(scheduling.SlotFull), transaction.atomic():
            scheduling.take_seat(school, start)
        proposed = scheduling.next_free_slots(school, count=3, now=now)
        assert [slot.starts_at for slot, _free in proposed] == [
            local_at(2, 8, 30),
            local_at(2, 9),
            local_at(2, 9, 30),
        ]

    def test_proposals_leave_the_minimum_notice(self, settings):
        school, *_ = family()
        settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "BOOKING_NOTICE_MINUTES": 120}
        proposed = scheduling.next_free_slots(school, count=1, now=local_at(2, 9))
        assert proposed[0][0].starts_at == local_at(2, 11)

    def test_school_without_hours_proposes_nothing(self):
        school, *_ = family()
        school.opening_hours.all().delete()
        assert scheduling.next_free_slots(school) == []

    def test_scheduling_a_past_time_is_a_clear_refusal(self):
        school, pupil, _g, user = family()
        staff = school_staff(school)
        request = submit_request(user, pupil, "certificate")
        with pytest.raises(RequestError) as error:
            move(request, S.SCHEDULED, staff, slot_start=local_at(-2, 9))
        assert "past" in str(error.value.message)
        request.refresh_from_db()
        assert request.status == S.PENDING


def committed(fn):
    """Run ``fn`` on a connection of its own (a new thread) and commit: the test's own
    connection sits in a transaction that is rolled back, so rows made there are invisible to
    the racing threads. Returns what ``fn`` returns; re-raises what it raises."""
    result: dict = {}

    def target():
        try:
            result["value"] = fn()
        except BaseException as error:  # handed back to the test
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    if "error" in result:
        raise result["error"]
    return result.get("value")


@pytest.fixture
def committed_rows(db):
    """Delete, at the end, every row committed by ``committed`` during the test.

    Unlike ``transaction=True`` this never flushes the database, which would also remove the
    rows the migrations seed (academies, taxonomy, content types) that later tests need.
    """
    from django.contrib.auth import get_user_model

    from portal_auth.models import (
        Directorate,
        Enrolment,
        Guardian,
        GuardianLink,
        Notification,
        OpeningHours,
        Pupil,
        RequestEvent,
        School,
        SchoolClass,
        SchoolYear,
        StaffRole,
    )

    order = [
        Notification,
        RequestEvent,
        DocumentRequest,
        AppointmentSlot,
        GuardianLink,
        Enrolment,
        Pupil,
        Guardian,
        OpeningHours,
        StaffRole,
        SchoolClass,
        School,
        Directorate,
        SchoolYear,
        get_user_model(),
    ]
    before = committed(
        lambda: {model: set(model.objects.values_list("pk", flat=True)) for model in order}
    )
    yield

    def clean():
        for model in order:
            model.objects.exclude(pk__in=before[model]).delete()

    committed(clean)


def _race(school, staff, requests, start):
    """Every request is scheduled into ``start`` by its own thread and connection at once."""
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def schedule(request):
        try:
            barrier.wait(timeout=30)
            move(request, S.SCHEDULED, staff, slot_start=start)
            result = "booked"
        except RequestError:
            result = "full"
        except Exception as error:  # an IntegrityError here would mean the lock failed
            result = f"error: {type(error).__name__}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=schedule, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers on one file lock and has no row locks; "
    "run with MAKTABA_TEST_DATABASE=postgres",
)


@pytest.mark.postgres
@POSTGRES_ONLY
def test_two_staff_scheduling_at_the_same_moment_never_overbook(settings, committed_rows):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "REQUESTS_PER_DAY": 10}

    def world():
        school, pupil, guardian, user = family()
        school.opening_hours.update(capacity=2)
        staff = school_staff(school)
        pupils = [pupil] + [make_pupil(make_class(school)) for _ in range(5)]
        for other in pupils[1:]:
            link_guardian(guardian, other)
        return school, staff, [submit_request(user, p, "certificate") for p in pupils]

    school, staff, requests = committed(world)
    start = local_at(2, 9)
    for round_start in (start, start + datetime.timedelta(minutes=30)):
        if round_start != start:
            for r in requests:
                r.refresh_from_db()
            requests = [r for r in requests if r.status == S.PENDING]
        outcomes = _race(school, staff, requests, round_start)
        assert outcomes.count("booked") == 2, outcomes
        assert all(o in ("booked", "full") for o in outcomes), outcomes
        assert AppointmentSlot.objects.get(school=school, starts_at=round_start).booked == 2
    assert DocumentRequest.objects.filter(school=school, status=S.SCHEDULED).count() == 4


@pytest.mark.django_db
def test_proposing_slots_costs_two_queries(django_assert_num_queries):
    school, *_ = family()
    with django_assert_num_queries(2):
        assert len(scheduling.next_free_slots(school, count=50, now=local_at(1, 0))) == 50


@pytest.mark.postgres
@POSTGRES_ONLY
def test_two_families_swapping_appointments_at_once_neither_deadlock_nor_drift(committed_rows):
    a, b = local_at(2, 9), local_at(2, 10)

    def world():
        school, pupil, guardian, user = family()  # capacity 2
        second = make_pupil(make_class(school))
        link_guardian(guardian, second)
        staff = school_staff(school)
        x = submit_request(user, pupil, "certificate")
        y = submit_request(user, second, "certificate")
        move(x, S.SCHEDULED, staff, slot_start=a)
        move(y, S.SCHEDULED, staff, slot_start=b)
        return school, user, x, y

    school, user, x, y = committed(world)
    errors: list[str] = []

    def swap(barrier, request, target):
        try:
            barrier.wait(timeout=30)
            move(request, S.SCHEDULED, user, slot_start=target)
        except Exception as error:
            errors.append(type(error).__name__)
        finally:
            connections.close_all()

    for _round in range(5):
        barrier = threading.Barrier(2)
        x.refresh_from_db()
        y.refresh_from_db()
        threads = [
            threading.Thread(target=swap, args=(barrier, x, y.slot.starts_at)),
            threading.Thread(target=swap, args=(barrier, y, x.slot.starts_at)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        booked = dict(
            AppointmentSlot.objects.filter(school=school).values_list("starts_at", "booked")
        )
        assert booked == {a: 1, b: 1}
