"""Import absences of a school's pupils from CSV (UTF-8, BOM, Windows-1256) or XLSX.

Columns: Massar code, date, period (morning / afternoon / whole day; default whole day), hours
(default 4 for a half day, 8 for a day), justified (yes/no), reason. An absence is identified by
(pupil, date, period): re-importing updates it, never duplicates it. Dates outside the school
year, pupils not enrolled at the school this year, and duplicates within the file are refused.
Guardians are emailed about new unjustified absences once the import is confirmed (never on a
dry run: the rolled-back transaction never commits, so nothing is queued).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ..conf import portal_setting
from ..models import Absence, AbsencePeriod, Enrolment, School, SchoolYear
from ..validators import normalise_massar_code
from .cells import (
    CellError,
    RecordsImportReport,
    parse_date,
    parse_decimal,
    parse_yes_no,
    where,
    write_in_transaction,
)
from .reading import TableError, cell_text, normalise_header, read_columns

COLUMNS = ("massar_code", "date", "period", "hours", "justified", "reason")
ANCHORS = ("massar_code",)
PERIODS = {
    AbsencePeriod.MORNING: ("matin", "morning", "am", "صباح", "الصباح", "صباحا"),
    AbsencePeriod.AFTERNOON: ("apres midi", "afternoon", "pm", "مساء", "المساء", "مساءا", "زوال"),
    AbsencePeriod.DAY: (
        "journee",
        "jour",
        "day",
        "whole day",
        "يوم",
        "اليوم كاملا",
        "يوم كامل",
        "",
    ),
}
PERIOD_NAMES = {normalise_header(n): key for key, names in PERIODS.items() for n in names}
DEFAULT_HOURS = {AbsencePeriod.MORNING: 4, AbsencePeriod.AFTERNOON: 4, AbsencePeriod.DAY: 8}


@dataclass
class AbsenceRow:
    row: int
    enrolment: Enrolment
    date: object
    period: str
    hours: Decimal
    justified: bool
    reason: str


class AbsencesImporter:
    def __init__(self, school: School, user=None) -> None:
        self.school = school
        self.user = user
        self.year = SchoolYear.objects.current()

    def run(self, data: bytes, filename: str, *, dry_run: bool) -> RecordsImportReport:
        report = RecordsImportReport(dry_run=dry_run)
        if self.year is None:
            report.errors.append(_("No school year is set up yet: ask an administrator."))
            return report
        if len(data) > portal_setting("IMPORT_MAX_BYTES"):
            report.errors.append(_("The file is too large."))
            return report
        try:
            table, columns = read_columns(data, filename, COLUMNS, ANCHORS)
        except TableError as error:
            report.errors.append(str(error))
            return report
        missing = [k for k in ("massar_code", "date") if k not in columns]
        if missing:
            report.errors.append(
                _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
            return report
        if len(table.rows) > portal_setting("IMPORT_MAX_ROWS"):
            report.errors.append(_("The file has too many rows."))
            return report
        parsed = self.parse(table, columns, report)
        if report.errors:
            return report
        report.rows = len(parsed)
        write_in_transaction(lambda: self.write(parsed, report), dry_run=dry_run)
        return report

    def parse(self, table, columns, report: RecordsImportReport) -> list[AbsenceRow]:
        headers = [cell_text(h) for h in table.headers]
        enrolments = {
            e.pupil.massar_code: e
            for e in Enrolment.objects.filter(
                year=self.year, school_class__school=self.school
            ).select_related("pupil", "school_class")
        }
        seen: dict[tuple, int] = {}
        parsed = []
        for number, cells in table.rows:
            cells = list(cells) + [None] * (len(headers) - len(cells))
            if not any(cell_text(c) for c in cells):
                continue
            errors_before = len(report.errors)

            def fail(key: str, message: str, number: int = number) -> None:
                index = columns.get(key)
                report.errors.append(
                    f"{where(number, index, headers[index] if index is not None else '')}: {message}"
                )

            def value(key: str, cells: list = cells):
                index = columns.get(key)
                return cells[index] if index is not None else None

            code = normalise_massar_code(cell_text(value("massar_code")))
            enrolment = enrolments.get(code)
            if enrolment is None:
                fail(
                    "massar_code",
                    _("Massar code %(code)s is not enrolled at this school this year.")
                    % {"code": cell_text(value("massar_code"))},
                )
            try:
                date = parse_date(value("date"))
                if not (self.year.starts_on <= date <= self.year.ends_on):
                    fail(
                        "date",
                        _("%(date)s is outside the school year %(year)s.")
                        % {"date": date.isoformat(), "year": self.year.label},
                    )
            except CellError as error:
                date = None
                fail("date", str(error))
            period = PERIOD_NAMES.get(normalise_header(cell_text(value("period"))))
            if period is None:
                fail(
                    "period",
                    _("“%(value)s” is not a period (morning, afternoon or whole day).")
                    % {"value": cell_text(value("period"))},
                )
            hours = Decimal(DEFAULT_HOURS.get(period, 8))
            if cell_text(value("hours")):
                try:
                    hours = parse_decimal(value("hours"))
                    if not (Decimal("0.5") <= hours <= 12):
                        fail("hours", _("the hours must be between 0.5 and 12."))
                except CellError as error:
                    fail("hours", str(error))
            try:
                justified = parse_yes_no(value("justified"))
            except CellError as error:
                justified = False
                fail("justified", str(error))
            if len(report.errors) > errors_before:
                continue
            key = (code, date, period)
            if key in seen:
                fail(
                    "date",
                    _("this absence already appears on row %(row)d.") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            parsed.append(
                AbsenceRow(
                    number,
                    enrolment,
                    date,
                    period,
                    hours.quantize(Decimal("0.1")),
                    justified,
                    cell_text(value("reason"))[:200],
                )
            )
            if len(report.preview) < 50:
                report.preview.append(
                    [
                        code,
                        enrolment.pupil.full_name,
                        date_format(date, "SHORT_DATE_FORMAT"),
                        str(AbsencePeriod(period).label),
                        number_format(hours, 1, use_l10n=True),
                    ]
                )
        report.preview_headers = [
            headers[columns["massar_code"]],
            _("Pupil"),
            _("Date"),
            _("Period"),
            _("Hours"),
        ]
        return parsed

    def write(self, parsed: list[AbsenceRow], report: RecordsImportReport) -> None:
        for row in parsed:
            absence = Absence.objects.filter(
                pupil=row.enrolment.pupil, date=row.date, period=row.period
            ).first()
            fields = {
                "school_class": row.enrolment.school_class,
                "hours": row.hours,
                "justified": row.justified,
                "reason": row.reason,
            }
            if absence is None:
                Absence.objects.create(
                    pupil=row.enrolment.pupil,
                    date=row.date,
                    period=row.period,
                    recorded_by=self.user,
                    **fields,
                )
                report.created += 1
            elif all(getattr(absence, k) == v for k, v in fields.items()):
                report.unchanged += 1
            else:
                for k, v in fields.items():
                    setattr(absence, k, v)
                absence.save()
                report.updated += 1


def import_absences(
    school: School, data: bytes, filename: str, *, dry_run: bool, user=None
) -> RecordsImportReport:
    return AbsencesImporter(school, user).run(data, filename, dry_run=dry_run)
