"""Import a school's timetables from CSV (UTF-8, UTF-8 with BOM or Windows-1256) or XLSX.

One row per weekly slot: class, day, start, end, subject, teacher, room. The file gives the
whole week of every class it names, applying from ``effective_from`` (a command option, or an
``applies from`` column; default: today, or the year's first day outside the year). For each class named, slots starting on or after that
date are replaced and slots that started before it end the day before; a class whose week is
already exactly the file's is left untouched, so re-running a file changes nothing.
Overlapping slots of one class and day are refused, naming both rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Subject

from ..conf import portal_setting
from ..models import School, SchoolClass, SchoolYear, TimetableSlot
from .cells import (
    CellError,
    RecordsImportReport,
    parse_date,
    parse_time,
    where,
    write_in_transaction,
)
from .reading import TableError, cell_text, normalise_header, read_columns

COLUMNS = ("class_name", "day", "start", "end", "subject", "teacher", "room", "effective_from")
ANCHORS = ("class_name", "day")
REQUIRED = ("class_name", "day", "start", "end", "subject")
DAYS = {
    1: ("1", "lundi", "monday", "mon", "الاثنين", "الإثنين", "الأثنين"),
    2: ("2", "mardi", "tuesday", "tue", "الثلاثاء"),
    3: ("3", "mercredi", "wednesday", "wed", "الأربعاء", "الاربعاء"),
    4: ("4", "jeudi", "thursday", "thu", "الخميس"),
    5: ("5", "vendredi", "friday", "fri", "الجمعة"),
    6: ("6", "samedi", "saturday", "sat", "السبت"),
    7: ("7", "dimanche", "sunday", "sun", "الأحد", "الاحد"),
}
DAY_NAMES = {normalise_header(name): n for n, names in DAYS.items() for name in names}


@dataclass
class SlotRow:
    row: int
    school_class: SchoolClass
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time
    subject: Subject
    teacher: str
    room: str
    effective_from: datetime.date

    def key(self) -> tuple:
        return (
            self.weekday,
            self.starts_at,
            self.ends_at,
            self.subject.pk,
            self.teacher,
            self.room,
        )


def subject_lookup() -> dict[str, Subject]:
    found: dict[str, Subject] = {}
    for subject in Subject.objects.all():
        for name in (subject.slug, subject.name_ar, subject.name_fr, subject.name_en):
            if name:
                found.setdefault(normalise_header(name), subject)
    return found


class TimetableImporter:
    def __init__(self, school: School, effective_from: datetime.date | None = None) -> None:
        self.school = school
        self.year = SchoolYear.objects.current()
        self.effective_from = effective_from

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
        missing = [key for key in REQUIRED if key not in columns]
        if missing:
            report.errors.append(
                _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
            return report
        if len(table.rows) > portal_setting("IMPORT_MAX_ROWS"):
            report.errors.append(_("The file has too many rows."))
            return report
        parsed = self.parse(table, columns, report)
        self.check_overlaps(parsed, report)
        if report.errors:
            return report
        report.rows = len(parsed)
        write_in_transaction(lambda: self.write(parsed, report), dry_run=dry_run)
        return report

    def parse(self, table, columns, report: RecordsImportReport) -> list[SlotRow]:
        headers = [cell_text(h) for h in table.headers]
        classes = {
            normalise_header(c.name): c
            for c in SchoolClass.objects.filter(school=self.school, year=self.year)
        }
        subjects = subject_lookup()
        today = timezone.localdate()
        if not (self.year.starts_on <= today <= self.year.ends_on):
            today = self.year.starts_on
        default_from = self.effective_from or today
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

            def text(key: str, cells: list = cells) -> str:
                index = columns.get(key)
                return cell_text(cells[index]) if index is not None else ""

            school_class = classes.get(normalise_header(text("class_name")))
            if school_class is None:
                fail(
                    "class_name",
                    _("no class %(name)s at this school this year.") % {"name": text("class_name")},
                )
            weekday = DAY_NAMES.get(normalise_header(text("day")))
            if weekday is None:
                fail("day", _("“%(value)s” is not a day of the week.") % {"value": text("day")})
            times = {}
            for key in ("start", "end"):
                try:
                    times[key] = parse_time(cells[columns[key]])
                except CellError as error:
                    fail(key, str(error))
            if len(times) == 2 and times["end"] <= times["start"]:
                fail("end", _("the slot must end after it starts."))
            subject = subjects.get(normalise_header(text("subject")))
            if subject is None:
                fail("subject", _("unknown subject “%(value)s”.") % {"value": text("subject")})
            effective_from = default_from
            if self.effective_from is None and text("effective_from"):
                try:
                    effective_from = parse_date(cells[columns["effective_from"]])
                except CellError as error:
                    fail("effective_from", str(error))
            if not (self.year.starts_on <= effective_from <= self.year.ends_on):
                fail(
                    "effective_from",
                    _("%(date)s is outside the school year %(year)s.")
                    % {"date": effective_from.isoformat(), "year": self.year.label},
                )
            if len(report.errors) > errors_before:
                continue
            parsed.append(
                SlotRow(
                    number,
                    school_class,
                    weekday,
                    times["start"],
                    times["end"],
                    subject,
                    text("teacher")[:120],
                    text("room")[:40],
                    effective_from,
                )
            )
        return parsed

    def check_overlaps(self, parsed: list[SlotRow], report: RecordsImportReport) -> None:
        groups: dict[tuple, list[SlotRow]] = {}
        for slot in parsed:
            groups.setdefault((slot.school_class.pk, slot.weekday), []).append(slot)
        for slots in groups.values():
            slots.sort(key=lambda s: s.starts_at)
            for before, after in zip(slots, slots[1:], strict=False):
                if after.starts_at < before.ends_at:
                    report.errors.append(
                        _("row %(row)d: this slot (%(start)s–%(end)s) overlaps row %(other)d.")
                        % {
                            "row": after.row,
                            "start": f"{after.starts_at:%H:%M}",
                            "end": f"{after.ends_at:%H:%M}",
                            "other": before.row,
                        }
                    )
        starts = {}
        for slot in parsed:
            first = starts.setdefault(slot.school_class.pk, slot)
            if first.effective_from != slot.effective_from:
                report.errors.append(
                    _("row %(row)d: every slot of class %(name)s must apply from the same date.")
                    % {"row": slot.row, "name": slot.school_class.name}
                )

    def write(self, parsed: list[SlotRow], report: RecordsImportReport) -> None:
        by_class: dict[int, list[SlotRow]] = {}
        for slot in parsed:
            by_class.setdefault(slot.school_class.pk, []).append(slot)
        for slots in by_class.values():
            school_class = slots[0].school_class
            start = slots[0].effective_from
            current = TimetableSlot.objects.select_for_update().filter(school_class=school_class)
            in_effect = list(current.in_effect_on(start))
            later = current.filter(effective_from__gt=start)
            wanted = sorted(s.key() for s in slots)
            have = sorted(
                (s.weekday, s.starts_at, s.ends_at, s.subject_id, s.teacher, s.room)
                for s in in_effect
            )
            if (
                wanted == have
                and not later.exists()
                and all(s.effective_until is None for s in in_effect)
            ):
                report.unchanged += len(slots)
                continue
            deleted, _ = current.filter(effective_from__gte=start).delete()
            report.deleted += deleted
            current.filter(effective_from__lt=start).filter(
                Q(effective_until__isnull=True) | Q(effective_until__gte=start)
            ).update(effective_until=start - datetime.timedelta(days=1))
            TimetableSlot.objects.bulk_create(
                TimetableSlot(
                    school_class=school_class,
                    weekday=s.weekday,
                    starts_at=s.starts_at,
                    ends_at=s.ends_at,
                    subject=s.subject,
                    teacher=s.teacher,
                    room=s.room,
                    effective_from=start,
                )
                for s in slots
            )
            report.created += len(slots)


def import_timetable(
    school: School,
    data: bytes,
    filename: str,
    *,
    effective_from: datetime.date | None = None,
    dry_run: bool,
) -> RecordsImportReport:
    return TimetableImporter(school, effective_from).run(data, filename, dry_run=dry_run)
