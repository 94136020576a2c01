"""Days a school's office is closed: Sundays, the national holidays, and the days set in settings.

The national holidays with a fixed date are here. The religious holidays (Eid al-Fitr, Eid
al-Adha, the Islamic new year, the Prophet's birthday) follow the moon and are announced each
year by the ministry of Habous: operators list them, with any other day the schools close, in
``MAKTABA_PORTAL["CLOSED_DAYS"]`` as ISO dates.
"""

from __future__ import annotations

import datetime

from ..conf import portal_setting

# (month, day) of the national holidays with a fixed date.
NATIONAL_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {
        (1, 1),  # New Year's Day
        (1, 11),  # Proclamation of Independence
        (1, 14),  # Amazigh New Year (Yennayer)
        (5, 1),  # Labour Day
        (7, 30),  # Throne Day
        (8, 14),  # Oued Ed-Dahab Day
        (8, 20),  # Revolution of the King and the People
        (8, 21),  # Youth Day
        (10, 31),  # Unity Day (Eid al-Wahda)
        (11, 6),  # Green March
        (11, 18),  # Independence Day
    }
)
SUNDAY = 6  # ``date.weekday()``


def configured_closed_days() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(d) for d in portal_setting("CLOSED_DAYS"))


def is_closed_day(day: datetime.date) -> bool:
    """Whether schools are closed on ``day`` (Sunday, a national holiday, a configured day)."""
    return (
        day.weekday() == SUNDAY
        or (day.month, day.day) in NATIONAL_HOLIDAYS
        or day in configured_closed_days()
    )
