"""No text message at night: the hours a phone stays silent, in the families' time zone.

``MAKTABA_SMS["QUIET_HOURS"]`` holds ``START`` and ``END`` (``"HH:MM"``, local time) and the
``TIME_ZONE`` they are read in (Africa/Casablanca: Morocco moves its clocks for Ramadan, which
``zoneinfo`` knows). A window may span midnight (21:00 → 08:00); ``START == END`` turns it off.
A message due inside the window waits for its end; nothing is dropped.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from .conf import sms_setting


def _window() -> tuple[datetime.time, datetime.time, ZoneInfo]:
    quiet = sms_setting("QUIET_HOURS")
    start = datetime.time.fromisoformat(quiet["START"])
    end = datetime.time.fromisoformat(quiet["END"])
    return start, end, ZoneInfo(quiet["TIME_ZONE"])


def is_quiet(moment: datetime.datetime) -> bool:
    """Whether ``moment`` (aware) falls inside the quiet hours."""
    start, end, zone = _window()
    if start == end:
        return False
    local = moment.astimezone(zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def earliest(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` itself outside the quiet hours, else the end of the quiet window it is in."""
    if not is_quiet(moment):
        return moment
    _start, end, zone = _window()
    local = moment.astimezone(zone)
    morning = datetime.datetime.combine(local.date(), end, tzinfo=zone)
    if morning <= local:
        morning = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), end, zone)
    return morning.astimezone(datetime.UTC)
