"""Appointment slots: opening hours cut into slots, free-slot proposals, and overbooking-proof seats.

A seat is taken by incrementing ``AppointmentSlot.booked`` while holding the slot row with
``SELECT ... FOR UPDATE``: two staff members scheduling into the same slot at the same moment
are serialised by the database, and the second one sees the first one's seat. A check
constraint (``booked <= capacity``) backs this up.

No slot exists on a day the school is closed (Sunday, a public holiday:
``portal_auth.schools.closed_days``), whatever the opening hours say.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import portal_setting
from ..models import AppointmentSlot, OpeningHours, School
from ..schools.closed_days import is_closed_day


class SlotError(Exception):
    """A slot that cannot be booked; ``message`` is shown to the user."""

    message = _("This appointment cannot be given.")

    def __init__(self, message=None) -> None:
        super().__init__(message or self.message)
        if message is not None:
            self.message = message


class SlotInPast(SlotError):
    message = _("This time is in the past or too soon; choose a later slot.")


class SlotOutsideHours(SlotError):
    message = _("The school's office is not open at this time.")


class SlotOnClosedDay(SlotError):
    message = _("The school is closed that day (Sunday or a public holiday).")


class SlotTooFar(SlotError):
    message = _("Appointments cannot be given that far ahead.")


class SlotFull(SlotError):
    message = _("This slot is full; choose another one.")


@dataclass(frozen=True)
class SlotTime:
    """A slot of the opening hours: when it starts and ends and how many people it takes."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _periods(school: School) -> dict[int, list[OpeningHours]]:
    by_weekday: dict[int, list[OpeningHours]] = {}
    for period in OpeningHours.objects.filter(school=school):
        by_weekday.setdefault(period.weekday, []).append(period)
    return by_weekday


def slots_of_day(
    school: School,
    day: datetime.date,
    periods: dict[int, list[OpeningHours]] | None = None,
) -> list[SlotTime]:
    """Every slot the school's opening hours make on ``day``, in order; none on a closed day."""
    if is_closed_day(day):
        return []
    periods = _periods(school) if periods is None else periods
    slots: list[SlotTime] = []
    for period in periods.get(day.weekday(), []):
        start = _aware(day, period.opens_at)
        close = _aware(day, period.closes_at)
        step = datetime.timedelta(minutes=period.slot_minutes)
        while start + step <= close:
            slots.append(SlotTime(start, start + step, period.capacity))
            start += step
    return sorted(slots, key=lambda s: s.starts_at)


def slot_at(school: School, starts_at: datetime.datetime) -> SlotTime:
    """The slot of the opening hours starting exactly at ``starts_at``, else ``SlotOutsideHours``."""
    local = timezone.localtime(starts_at)
    if is_closed_day(local.date()):
        raise SlotOnClosedDay
    for slot in slots_of_day(school, local.date()):
        if slot.starts_at == starts_at:
            return slot
    raise SlotOutsideHours


def check_bookable_time(starts_at: datetime.datetime, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    notice = datetime.timedelta(minutes=portal_setting("BOOKING_NOTICE_MINUTES"))
    if starts_at < now + notice:
        raise SlotInPast
    if starts_at > now + datetime.timedelta(days=portal_setting("BOOKING_HORIZON_DAYS")):
        raise SlotTooFar


def next_free_slots(
    school: School, count: int = 5, now: datetime.datetime | None = None
) -> list[tuple[SlotTime, int]]:
    """The next ``count`` slots with a free seat, with how many seats are free (no locking)."""
    now = now or timezone.now()
    first_day = timezone.localtime(now).date()
    horizon = portal_setting("BOOKING_HORIZON_DAYS")
    booked = {
        s.starts_at: s.booked
        for s in AppointmentSlot.objects.filter(
            school=school,
            starts_at__gte=now,
            starts_at__lte=now + datetime.timedelta(days=horizon + 1),
        )
    }
    found: list[tuple[SlotTime, int]] = []
    for slot in _candidate_slots(school, first_day, horizon):
        try:
            check_bookable_time(slot.starts_at, now)
        except SlotInPast:
            continue
        except SlotTooFar:
            break
        free = slot.capacity - booked.get(slot.starts_at, 0)
        if free > 0:
            found.append((slot, free))
            if len(found) >= count:
                break
    return found


def free_slots_by_day(
    school: School, days: int = 6, now: datetime.datetime | None = None
) -> list[tuple[datetime.date, list[tuple[SlotTime, int]]]]:
    """The free slots of the next ``days`` days that have one, grouped by local day (no locking).

    What a family chooses from; taking the seat is ``take_seat``'s, which checks everything again.
    """
    grouped: dict[datetime.date, list[tuple[SlotTime, int]]] = {}
    for slot, free in next_free_slots(school, count=10_000, now=now):
        day = timezone.localtime(slot.starts_at).date()
        if day not in grouped and len(grouped) >= days:
            break
        grouped.setdefault(day, []).append((slot, free))
    return list(grouped.items())


def _candidate_slots(school: School, first_day: datetime.date, days: int) -> Iterator[SlotTime]:
    periods = _periods(school)
    if not periods:
        return
    for offset in range(days + 1):
        yield from slots_of_day(school, first_day + datetime.timedelta(days=offset), periods)


def take_seat(
    school: School,
    starts_at: datetime.datetime,
    giving_back: AppointmentSlot | None = None,
) -> AppointmentSlot:
    """Book one seat in the slot starting at ``starts_at``; must run inside a transaction.

    ``giving_back`` is the slot of the previous appointment, whose seat is returned in the same
    step. Both rows are locked in primary-key order, so two people swapping appointments at the
    same moment wait for each other instead of deadlocking.
    Raises ``SlotInPast``, ``SlotTooFar``, ``SlotOnClosedDay``, ``SlotOutsideHours`` or
    ``SlotFull``.
    """
    check_bookable_time(starts_at)
    planned = slot_at(school, starts_at)
    try:
        with transaction.atomic():
            target, _created = AppointmentSlot.objects.get_or_create(
                school=school,
                starts_at=planned.starts_at,
                defaults={"ends_at": planned.ends_at, "capacity": planned.capacity},
            )
    except IntegrityError:  # created by someone else meanwhile
        target = AppointmentSlot.objects.get(school=school, starts_at=planned.starts_at)
    ids = {target.pk} | ({giving_back.pk} if giving_back is not None else set())
    locked = {
        slot.pk: slot
        for slot in AppointmentSlot.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    slot = locked[target.pk]
    if slot.booked >= slot.capacity:
        raise SlotFull
    slot.booked += 1
    slot.save(update_fields=["booked"])
    if giving_back is not None and giving_back.pk != target.pk:
        _give_back(locked[giving_back.pk])
    return slot


def _give_back(locked: AppointmentSlot) -> None:
    if locked.booked > 0:
        locked.booked -= 1
        locked.save(update_fields=["booked"])


def release_seat(slot: AppointmentSlot) -> None:
    """Give back one seat (cancellation, rejection); inside a transaction."""
    _give_back(AppointmentSlot.objects.select_for_update().get(pk=slot.pk))
