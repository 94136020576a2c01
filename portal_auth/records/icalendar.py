"""Writing an iCalendar (RFC 5545) feed of a pupil's tests and exams, by hand.

Only what phone calendars need: VCALENDAR with VEVENTs, UTC times (no VTIMEZONE needed), all-day
events for assessments without a time, text escaping (§3.3.11) and line folding at 75 octets
(§3.1) without ever splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from ..models import Assessment

CRLF = "\r\n"


def escape_text(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str, limit: int = 75) -> str:
    """Split a content line into lines of at most ``limit`` octets, continuation lines start
    with one space (which counts towards their length)."""
    out: list[str] = []
    current = ""
    current_len = 0
    for ch in line:
        size = len(ch.encode("utf-8"))
        if current_len + size > limit:
            out.append(current)
            current = " "
            current_len = 1
        current += ch
        current_len += size
    out.append(current)
    return CRLF.join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(assessment: Assessment, host: str, stamp: datetime.datetime) -> list[str]:
    summary = f"{assessment.subject.name} · {assessment.get_kind_display()}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:assessment-{assessment.pk}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(assessment.updated_at)}",
    ]
    if assessment.starts_at:
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(assessment.date, assessment.starts_at, tzinfo=zone)
        end_time = assessment.ends_at or (start + datetime.timedelta(hours=2)).time()
        end = datetime.datetime.combine(assessment.date, end_time, tzinfo=zone)
        lines += [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
    else:
        next_day = assessment.date + datetime.timedelta(days=1)
        lines += [
            f"DTSTART;VALUE=DATE:{assessment.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{next_day:%Y%m%d}",
        ]
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if assessment.note:
        lines.append(f"DESCRIPTION:{escape_text(assessment.note)}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def render_calendar(
    assessments: Iterable[Assessment], *, name: str, host: str, language: str
) -> str:
    """The whole feed as text with CRLF line ends."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maktaba//Tests and exams//" + language.upper(),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for assessment in assessments:
        lines += _event_lines(assessment, host, stamp)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold_line(line) for line in lines) + CRLF
