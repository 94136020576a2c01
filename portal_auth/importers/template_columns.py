"""The columns each import's template file offers, in order (``library.imports.headers`` labels)."""

from __future__ import annotations

from ..models import ImportRun
from . import absences, directors, marks, pupils, timetable

Kind = ImportRun.Kind

TEMPLATE_COLUMNS: dict[str, tuple[str, ...]] = {
    Kind.PUPILS: pupils.TEMPLATE_FIELDS,
    Kind.MARKS: ("massar_code", "full_name", "test_1", "test_2", "test_3", "test_4", "activities"),
    Kind.TIMETABLE: timetable.COLUMNS[:-1],
    Kind.ABSENCES: absences.COLUMNS,
    Kind.DIRECTORS: directors.COLUMNS,
}
# The columns each importer reads, for checking that no header means two of them.
READ_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Kind.PUPILS: (pupils.PUPIL_FIELDS, pupils.GUARDIAN_FIELDS),
    Kind.MARKS: (marks.COLUMNS, ()),
    Kind.TIMETABLE: (timetable.COLUMNS, ()),
    Kind.ABSENCES: (absences.COLUMNS, ()),
    Kind.DIRECTORS: (directors.COLUMNS, ()),
}
