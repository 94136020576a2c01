"""Due dates: which days are school days, and how a due date reads in Morocco.

Moroccan schools teach Monday to Saturday; a due date on a Sunday, a public, religious or school
holiday (``library/school_calendar.py``, the site's one table) or outside the classes' school year
is not a school day. Arabic uses the month names of Morocco (ماي، يوليوز، غشت، شتنبر، نونبر،
دجنبر), not those of the Middle East that Django's Arabic locale has.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext

from library.school_calendar import ClosureKind, closure_on
from portal_auth.models import SchoolYear

MOROCCAN_MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)


def non_school_day_reason(day: datetime.date, years: Iterable[SchoolYear]) -> str | None:
    """Why ``day`` is not a school day for classes of ``years``, or ``None`` when it is one."""
    closure = closure_on(day)
    if closure is not None and closure.kind == ClosureKind.SUNDAY:
        return gettext("It is a Sunday, when schools are closed.")
    if closure is not None and closure.kind == ClosureKind.SCHOOL:
        return gettext("It falls in the school holidays (%(name)s).") % {"name": closure.name}
    if closure is not None:
        return gettext("It is a holiday: %(name)s.") % {"name": closure.name}
    for year in years:
        if not year.starts_on <= day <= year.ends_on:
            return gettext("It is outside the school year %(year)s.") % {"year": year.label}
    return None


def format_due(day: datetime.date) -> str:
    """The date as it is written in Morocco: « الأربعاء 9 دجنبر 2026 », « mercredi 9 décembre 2026 »."""
    language = (get_language() or "ar").split("-")[0]
    weekday = date_format(day, "l")
    if language == "ar":
        return f"{weekday} {day.day} {MOROCCAN_MONTHS_AR[day.month - 1]} {day.year}"
    if language == "fr":
        weekday = (
            weekday.lower()
        )  # the timetable's « Mercredi » heads a column; a date says « mercredi »
    return f"{weekday} {date_format(day, 'j F Y')}"


def relative_due(day: datetime.date, today: datetime.date) -> str:
    """« today », « in 2 days », « 3 days late »."""
    days = (day - today).days
    if days == 0:
        return gettext("due today")
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    late = -days
    return ngettext("%(count)d day late", "%(count)d days late", late) % {"count": late}
