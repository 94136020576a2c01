"""The one table of days schools do not teach: Sundays, public, religious and school holidays."""

import datetime

from django.utils import translation

from library.school_calendar import (
    ClosureKind,
    DatedHoliday,
    closure_on,
    is_school_day,
)


def test_saturday_is_taught_and_sunday_is_not():
    assert is_school_day(datetime.date(2026, 12, 5))  # a Saturday
    assert closure_on(datetime.date(2026, 12, 6)).kind == ClosureKind.SUNDAY


def test_fixed_public_holidays_recur_every_year():
    for year in (2026, 2027, 2031):
        green_march = closure_on(datetime.date(year, 11, 6))
        if datetime.date(year, 11, 6).isoweekday() != 7:
            assert green_march.kind == ClosureKind.PUBLIC
    with translation.override("fr"):
        assert "Marche verte" in str(closure_on(datetime.date(2026, 11, 6)).name)
    with translation.override("ar"):
        assert "المسيرة الخضراء" in str(closure_on(datetime.date(2026, 11, 6)).name)


def test_a_holiday_counts_only_from_the_year_it_was_declared():
    assert closure_on(datetime.date(2023, 1, 14)) is None  # the Amazigh New Year from 2024
    assert closure_on(datetime.date(2026, 1, 14)).kind == ClosureKind.PUBLIC


def test_religious_holidays_cover_each_of_their_days():
    assert closure_on(datetime.date(2027, 3, 10)).kind == ClosureKind.RELIGIOUS
    assert closure_on(datetime.date(2027, 3, 11)).kind == ClosureKind.RELIGIOUS
    assert is_school_day(datetime.date(2027, 3, 12))


def test_a_school_break_is_a_closure_of_its_own_kind():
    autumn = DatedHoliday(
        datetime.date(2026, 10, 19), datetime.date(2026, 10, 25), ClosureKind.SCHOOL, "Vacances"
    )
    closure = closure_on(datetime.date(2026, 10, 21), dated=(autumn,))
    assert closure.kind == ClosureKind.SCHOOL
    assert closure_on(datetime.date(2026, 10, 26), dated=(autumn,)) is None
