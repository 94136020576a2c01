"""Import one subject's marks for one class and semester from the XLSX file Massar exports.

The sheet may start with a few lines about the school and class; the header row is the first
one that has a Massar-code column. Columns: Massar code, name (ignored), test 1–4, integrated
activities; optionally the exam columns. A cell holds a mark (``12,5`` or ``12.5``), ``abs`` or
``exempt`` (Arabic and French words too), or nothing. Blank cells leave any existing mark as it
is, so a file exported before the fourth test does not erase it.

All rows are checked first; one error → nothing is written and every error is listed as
``row N, column X (header): message``. A dry run does the same writes in a transaction that is
rolled back, so its counts are exact. Re-running a file changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catalog.models import Subject

from ..conf import portal_setting
from ..models import Mark, MarkComponent, MarkStatus, Pupil, SchoolClass
from ..validators import normalise_massar_code
from .cells import CellError, RecordsImportReport, parse_mark, where, write_in_transaction
from .reading import TableError, cell_text, read_columns

MARK_KEYS = [c.value for c in MarkComponent]
COLUMNS = ("massar_code", "full_name", *MARK_KEYS)
ANCHORS = ("massar_code",)
PREVIEW_ROWS = 50


@dataclass
class MarkRow:
    row: int
    pupil: Pupil
    cells: dict[str, tuple[str, Decimal | None]]


class MarksImporter:
    def __init__(self, school_class: SchoolClass, subject: Subject, semester: int) -> None:
        self.school_class = school_class
        self.subject = subject
        self.semester = semester

    def check_target(self) -> list[str]:
        errors = []
        if self.semester not in (1, 2):
            errors.append(_("The semester must be 1 or 2."))
        if not self.subject.levels.filter(pk=self.school_class.level_id).exists():
            errors.append(
                _("%(subject)s is not taught at level %(level)s.")
                % {"subject": self.subject.name, "level": self.school_class.level.code}
            )
        return errors

    def run(self, data: bytes, filename: str, *, dry_run: bool) -> RecordsImportReport:
        report = RecordsImportReport(dry_run=dry_run)
        report.errors += self.check_target()
        if len(data) > portal_setting("IMPORT_MAX_BYTES"):
            report.errors.append(_("The file is too large."))
        if report.errors:
            return report
        try:
            table, columns = read_columns(data, filename, COLUMNS, ANCHORS)
        except TableError as error:
            report.errors.append(str(error))
            return report
        if "massar_code" not in columns:
            report.errors.append(_("No column of Massar codes was found in the first rows."))
            return report
        if not any(key in columns for key in MARK_KEYS):
            report.errors.append(_("No mark column (test 1–4, activities) was found."))
            return report
        headers = table.headers
        body = table.rows
        if len(body) > portal_setting("IMPORT_MAX_ROWS"):
            report.errors.append(_("The file has too many rows."))
            return report
        report.preview_headers = [
            headers[columns["massar_code"]],
            _("Pupil"),
            *(headers[columns[k]] for k in MARK_KEYS if k in columns),
        ]
        parsed = self.parse(body, columns, [cell_text(h) for h in headers], report)
        if report.errors:
            return report
        report.rows = len(parsed)
        write_in_transaction(lambda: self.write(parsed, report), dry_run=dry_run)
        return report

    def parse(self, body, columns, headers, report: RecordsImportReport) -> list[MarkRow]:
        enrolled = {
            p.massar_code: p
            for p in Pupil.objects.filter(
                enrolments__school_class=self.school_class, enrolments__year=self.school_class.year
            )
        }
        code_col = columns["massar_code"]
        seen: dict[str, int] = {}
        parsed: list[MarkRow] = []
        for number, cells in body:
            cells = list(cells)
            cells += [None] * (len(headers) - len(cells))
            code_raw = cell_text(cells[code_col]) if code_col < len(cells) else ""
            has_marks = any(
                cell_text(cells[columns[k]])
                for k in MARK_KEYS
                if k in columns and columns[k] < len(cells)
            )
            if not code_raw:
                if has_marks:
                    report.errors.append(
                        f"{where(number, code_col, headers[code_col])}: "
                        + _("the Massar code is missing.")
                    )
                continue
            code = normalise_massar_code(code_raw)
            pupil = enrolled.get(code)
            if pupil is None:
                report.errors.append(
                    f"{where(number, code_col, headers[code_col])}: "
                    + _("Massar code %(code)s is not in class %(class)s.")
                    % {"code": code_raw, "class": self.school_class.name}
                )
                continue
            if code in seen:
                report.errors.append(
                    f"{where(number, code_col, headers[code_col])}: "
                    + _("%(code)s already appears on row %(row)d.")
                    % {"code": code, "row": seen[code]}
                )
                continue
            seen[code] = number
            row = MarkRow(number, pupil, {})
            for key in MARK_KEYS:
                if key not in columns or columns[key] >= len(cells):
                    continue
                index = columns[key]
                try:
                    value = parse_mark(cells[index])
                except CellError as error:
                    report.errors.append(f"{where(number, index, headers[index])}: {error}")
                    continue
                if value is not None:
                    row.cells[key] = value
            parsed.append(row)
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append(
                    [code, pupil.full_name]
                    + [_shown(row.cells.get(k)) for k in MARK_KEYS if k in columns]
                )
        return parsed

    def write(self, parsed: list[MarkRow], report: RecordsImportReport) -> None:
        existing = {
            (m.pupil_id, m.component): m
            for m in Mark.objects.select_for_update().filter(
                school_class=self.school_class, subject=self.subject, semester=self.semester
            )
        }
        for row in parsed:
            for component, (status, value) in row.cells.items():
                mark = existing.get((row.pupil.pk, component))
                if mark is None:
                    Mark.objects.create(
                        pupil=row.pupil,
                        school_class=self.school_class,
                        subject=self.subject,
                        semester=self.semester,
                        component=component,
                        status=status,
                        value=value,
                    )
                    report.created += 1
                elif mark.status == status and mark.value == value:
                    report.unchanged += 1
                else:
                    mark.status, mark.value = status, value
                    mark.save(update_fields=["status", "value", "updated_at"])
                    report.updated += 1


def _shown(cell: tuple[str, Decimal | None] | None) -> str:
    if cell is None:
        return ""
    status, value = cell
    if status == MarkStatus.ABSENT:
        return _("absent")
    if status == MarkStatus.EXEMPT:
        return _("exempt")
    return number_format(value, 2, use_l10n=True)


def import_marks(
    school_class: SchoolClass,
    subject: Subject,
    semester: int,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
) -> RecordsImportReport:
    return MarksImporter(school_class, subject, semester).run(data, filename, dry_run=dry_run)
