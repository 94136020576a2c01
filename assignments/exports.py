"""An assignment's progress as a spreadsheet (CSV with a BOM so Excel reads Arabic, or XLSX)."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from .progress import PupilRow, Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A name read as text, never as a formula, by the spreadsheet that opens the file."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def status_label(status: Status) -> str:
    return {
        Status.NOT_STARTED: gettext("not started"),
        Status.OPENED: gettext("opened"),
        Status.DONE: gettext("done"),
    }[status]


def table(rows: list[PupilRow]) -> list[list[str]]:
    header = [
        gettext("Class"),
        gettext("Massar code"),
        gettext("Last name"),
        gettext("First name"),
        gettext("Status"),
        gettext("First opened"),
        gettext("Marked done"),
        gettext("Recordings played"),
    ]
    body = [
        [
            _cell(row.school_class.name),
            row.pupil.massar_code,
            _cell(row.pupil.last_name_ar or row.pupil.last_name_latin),
            _cell(row.pupil.first_name_ar or row.pupil.first_name_latin),
            status_label(row.status),
            _when(row.first_opened_at),
            _when(row.done_at),
            f"{row.played}/{row.recordings}" if row.recordings else "",
        ]
        for row in rows
    ]
    return [header, *body]


def as_csv(rows: list[PupilRow]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(table(rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(rows: list[PupilRow]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Progress"))
    for line in table(rows):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
