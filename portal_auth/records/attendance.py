"""Absence totals per month and per semester, and which semester a date falls in."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..conf import portal_setting
from ..models import Absence, SchoolYear


def second_semester_start(year: SchoolYear) -> datetime.date:
    """``MAKTABA_PORTAL["SEMESTER_2_STARTS"]`` (month-day) in the calendar year after the start."""
    month, day = (int(p) for p in str(portal_setting("SEMESTER_2_STARTS")).split("-"))
    candidate = datetime.date(year.starts_on.year, month, day)
    if candidate <= year.starts_on:
        candidate = datetime.date(year.starts_on.year + 1, month, day)
    return candidate


def semester_of(day: datetime.date, year: SchoolYear) -> int:
    return 1 if day < second_semester_start(year) else 2


@dataclass
class Totals:
    count: int = 0
    hours: Decimal = Decimal("0")
    unjustified_hours: Decimal = Decimal("0")

    def add(self, absence: Absence) -> None:
        self.count += 1
        self.hours += absence.hours
        if not absence.justified:
            self.unjustified_hours += absence.hours


def totals(
    absences: Iterable[Absence], year: SchoolYear
) -> tuple[OrderedDict[datetime.date, Totals], dict[int, Totals]]:
    """(first day of month → totals, in date order), (semester → totals)."""
    months: dict[datetime.date, Totals] = {}
    semesters: dict[int, Totals] = {1: Totals(), 2: Totals()}
    for absence in absences:
        months.setdefault(absence.date.replace(day=1), Totals()).add(absence)
        semesters[semester_of(absence.date, year)].add(absence)
    return OrderedDict(sorted(months.items())), semesters
