"""The days Moroccan schools do not teach: Sundays, public holidays and school holidays.

The one table of the site. Schools teach Monday to Saturday (Saturday mornings are taught).

- *Fixed public holidays* fall on the same day every year (``FIXED_HOLIDAYS``).
- *Religious holidays* follow the Hijri calendar: their Gregorian dates move by about eleven days
  a year and are confirmed by the moon sighting, so they are listed per year with their expected
  dates (``DATED_HOLIDAYS``); a confirmed date one day off is corrected here.
- *School holidays* (the breaks between periods) are set each year by the ministry's calendar and
  listed in ``DATED_HOLIDAYS`` too, once it is published.

A date in this table is a warning for the people who choose dates (a due date, an exam), never a
hard refusal: the table may lag a late change of the calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUNDAY = 7


class ClosureKind(StrEnum):
    SUNDAY = "sunday"
    PUBLIC = "public"
    RELIGIOUS = "religious"
    SCHOOL = "school"


@dataclass(frozen=True)
class Closure:
    """Why schools are closed on a day."""

    kind: ClosureKind
    name: Promise | str


@dataclass(frozen=True)
class FixedHoliday:
    month: int
    day: int
    name: Promise
    since: int = 0  # the first year it is a holiday


@dataclass(frozen=True)
class DatedHoliday:
    starts_on: datetime.date
    ends_on: datetime.date  # included
    kind: ClosureKind
    name: Promise


FIXED_HOLIDAYS: tuple[FixedHoliday, ...] = (
    FixedHoliday(1, 1, _("New Year's Day")),
    FixedHoliday(1, 11, _("Proclamation of Independence Day")),
    FixedHoliday(1, 14, _("Amazigh New Year"), since=2024),
    FixedHoliday(5, 1, _("Labour Day")),
    FixedHoliday(7, 30, _("Throne Day")),
    FixedHoliday(8, 14, _("Oued Ed-Dahab Day")),
    FixedHoliday(8, 20, _("Revolution of the King and the People")),
    FixedHoliday(8, 21, _("Youth Day")),
    FixedHoliday(10, 31, _("Unity Day"), since=2025),
    FixedHoliday(11, 6, _("Green March Day")),
    FixedHoliday(11, 18, _("Independence Day")),
)


def _dated(start: str, end: str, kind: ClosureKind, name: Promise) -> DatedHoliday:
    return DatedHoliday(
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), kind, name
    )


R = ClosureKind.RELIGIOUS
DATED_HOLIDAYS: tuple[DatedHoliday, ...] = (
    _dated("2026-03-20", "2026-03-21", R, _("Eid al-Fitr")),
    _dated("2026-05-27", "2026-05-28", R, _("Eid al-Adha")),
    _dated("2026-06-17", "2026-06-17", R, _("Islamic New Year")),
    _dated("2026-08-26", "2026-08-27", R, _("The Prophet's Birthday (Mawlid)")),
    _dated("2027-03-10", "2027-03-11", R, _("Eid al-Fitr")),
    _dated("2027-05-17", "2027-05-18", R, _("Eid al-Adha")),
    _dated("2027-06-06", "2027-06-06", R, _("Islamic New Year")),
    _dated("2027-08-15", "2027-08-16", R, _("The Prophet's Birthday (Mawlid)")),
)


def closure_on(
    day: datetime.date, dated: tuple[DatedHoliday, ...] = DATED_HOLIDAYS
) -> Closure | None:
    """Why schools are closed on ``day``, or ``None`` on a school day."""
    if day.isoweekday() == SUNDAY:
        return Closure(ClosureKind.SUNDAY, _("Sunday"))
    for holiday in FIXED_HOLIDAYS:
        if (day.month, day.day) == (holiday.month, holiday.day) and day.year >= holiday.since:
            return Closure(ClosureKind.PUBLIC, holiday.name)
    for holiday in dated:
        if holiday.starts_on <= day <= holiday.ends_on:
            return Closure(holiday.kind, holiday.name)
    return None


def is_school_day(day: datetime.date) -> bool:
    return closure_on(day) is None
