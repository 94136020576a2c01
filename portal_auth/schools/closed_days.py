"""Days a school's office is closed: Sundays and the holidays of the site's one school calendar
(``library/school_calendar.py``), plus the days an operator sets in settings.

The office stays open during the school breaks (families fetch certificates then); it closes on
Sundays, the public holidays and the religious holidays. Operators add any other day the schools
close, or a religious holiday whose moon-sighted date differs from the calendar's, in
``MAKTABA_PORTAL["CLOSED_DAYS"]`` as ISO dates.
"""

from __future__ import annotations

import datetime

from library.school_calendar import ClosureKind, closure_on

from ..conf import portal_setting

OFFICE_CLOSURES = frozenset({ClosureKind.SUNDAY, ClosureKind.PUBLIC, ClosureKind.RELIGIOUS})


def configured_closed_days() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(d) for d in portal_setting("CLOSED_DAYS"))


def is_closed_day(day: datetime.date) -> bool:
    """Whether the school office is closed on ``day``."""
    closure = closure_on(day)
    if closure is not None and closure.kind in OFFICE_CLOSURES:
        return True
    return day in configured_closed_days()
