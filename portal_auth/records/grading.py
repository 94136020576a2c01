"""Averages: the one place they are computed. The rules are written down in docs/grading.md.

- A cell is a mark out of 20, "absent", "exempt" or blank (not entered yet).
- Continuous-assessment average of a subject = mean of its counted cells among tests 1–4 and the
  integrated-activities mark, each weighing the same. A mark counts as itself, "absent" counts as
  0, "exempt" and blank cells are left out (neither added nor counted). No counted cell → no
  average (shown as a dash) and the subject is left out of the semester average.
- Semester average = Σ(coefficient × subject average) / Σ(coefficients of the subjects that have
  an average). A subject without a coefficient row weighs 1.
- Annual average = (semester 1 + semester 2) / 2, only when both semesters have an average.
- Every average is rounded half up to two decimals when computed; an average computed from
  averages uses the rounded ones (as printed on Massar's sheet).
- Per subject, the class maximum, mean and minimum are taken over the pupils' rounded subject
  averages (pupils without an average are left out), shown only when at least
  ``MAKTABA_PORTAL["CLASS_STATISTICS_MIN_PUPILS"]`` (3) pupils have one. No rank is computed.
- Exams do not enter the semester average; the 3AC certificate and bac formulas are below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from catalog.models import Subject

from ..conf import portal_setting
from ..models import (
    CONTINUOUS_COMPONENTS_KEYS,
    EXAM_COMPONENTS_KEYS,
    Mark,
    MarkStatus,
    SchoolClass,
    SubjectCoefficient,
)

HUNDREDTH = Decimal("0.01")
DEFAULT_COEFFICIENT = Decimal("1")


def round_mark(value: Decimal) -> Decimal:
    """Half up to two decimals: 12.345 → 12.35, 12.344 → 12.34."""
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    """One cell of the sheet as grading sees it."""

    status: str = MarkStatus.MARKED
    value: Decimal | None = None

    @classmethod
    def marked(cls, value: Decimal | str | int) -> Cell:
        return cls(MarkStatus.MARKED, Decimal(str(value)))

    @property
    def counted_value(self) -> Decimal | None:
        """What the cell adds to an average: the mark, 0 if absent, ``None`` if left out."""
        if self.status == MarkStatus.ABSENT:
            return Decimal("0")
        if self.status == MarkStatus.EXEMPT:
            return None
        return self.value


ABSENT = Cell(MarkStatus.ABSENT)
EXEMPT = Cell(MarkStatus.EXEMPT)


def continuous_average(cells: Iterable[Cell | None]) -> Decimal | None:
    """The continuous-assessment average of one subject, or ``None`` if nothing counts yet."""
    counted = [c.counted_value for c in cells if c is not None and c.counted_value is not None]
    if not counted:
        return None
    return round_mark(sum(counted, Decimal("0")) / len(counted))


def weighted_average(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Σ(coefficient × average) / Σ(coefficient), over the pairs whose average exists."""
    total = Decimal("0")
    weights = Decimal("0")
    for average, coefficient in pairs:
        if average is None:
            continue
        total += average * coefficient
        weights += coefficient
    if not weights:
        return None
    return round_mark(total / weights)


def annual_average(first: Decimal | None, second: Decimal | None) -> Decimal | None:
    if first is None or second is None:
        return None
    return round_mark((first + second) / 2)


def certificate_3ac(
    continuous: Decimal | None, local_exam: Decimal | None, regional_exam: Decimal | None
) -> Decimal | None:
    """The collège certificate: (3 × continuous + 3 × local exam + 4 × regional exam) / 10."""
    if continuous is None or local_exam is None or regional_exam is None:
        return None
    return round_mark((3 * continuous + 3 * local_exam + 4 * regional_exam) / 10)


def bac_average(
    continuous: Decimal | None, regional_exam: Decimal | None, national_exam: Decimal | None
) -> Decimal | None:
    """The bac: 25 % continuous assessment + 25 % regional exam (1BAC) + 50 % national exam."""
    if continuous is None or regional_exam is None or national_exam is None:
        return None
    return round_mark((continuous + regional_exam + 2 * national_exam) / 4)


@dataclass(frozen=True)
class ClassStatistics:
    maximum: Decimal
    mean: Decimal
    minimum: Decimal


def class_statistics(
    averages: Iterable[Decimal | None], minimum_pupils: int = 1
) -> ClassStatistics | None:
    """Max, mean and min; ``None`` when fewer than ``minimum_pupils`` have an average (with one
    or two pupils the "class" figures would disclose a classmate's own average)."""
    values = [a for a in averages if a is not None]
    if not values or len(values) < minimum_pupils:
        return None
    return ClassStatistics(max(values), round_mark(sum(values) / len(values)), min(values))


# --- a pupil's semester, built from the rows ---------------------------------------------------
@dataclass
class SubjectLine:
    subject: Subject
    coefficient: Decimal
    cells: dict[str, Cell | None]
    average: Decimal | None
    exams: dict[str, Cell | None]
    statistics: ClassStatistics | None

    @property
    def continuous_cells(self) -> list[Cell | None]:
        return [self.cells.get(key) for key in CONTINUOUS_COMPONENTS_KEYS]

    @property
    def exam_cells(self) -> list[Cell | None]:
        return [self.exams.get(key) for key in EXAM_COMPONENTS_KEYS]

    @property
    def has_exam(self) -> bool:
        return any(c is not None for c in self.exams.values())


@dataclass
class SemesterReport:
    semester: int
    lines: list[SubjectLine] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        return weighted_average((line.average, line.coefficient) for line in self.lines)

    @property
    def exam_lines(self) -> list[SubjectLine]:
        return [line for line in self.lines if line.has_exam]


def coefficients_for_class(school_class: SchoolClass) -> dict[int, tuple[Subject, Decimal]]:
    """Subject id → (subject, coefficient) for the class's level and track.

    A row for the class's track beats a row for the whole level. One query.
    """
    rows = SubjectCoefficient.objects.filter(level_id=school_class.level_id).filter(
        Q(track__isnull=True) | Q(track_id=school_class.track_id)
    )
    result: dict[int, tuple[Subject, Decimal]] = {}
    for row in sorted(rows.select_related("subject"), key=lambda r: r.track_id is not None):
        result[row.subject_id] = (row.subject, row.coefficient)
    return result


def semester_reports(
    school_class: SchoolClass, semester: int, pupil_ids: Iterable[int]
) -> dict[int, SemesterReport]:
    """Reports of ``pupil_ids`` for one class and semester, with class statistics.

    Two queries whatever the class size (the coefficients, the class's marks for the semester),
    three when some subject has marks but no coefficient row.
    """
    coefficients = coefficients_for_class(school_class)
    minimum_pupils = int(portal_setting("CLASS_STATISTICS_MIN_PUPILS"))
    rows = Mark.objects.filter(school_class=school_class, semester=semester).values_list(
        "pupil_id", "subject_id", "component", "status", "value"
    )
    subjects: dict[int, Subject] = {pk: subject for pk, (subject, _c) in coefficients.items()}
    cells: dict[tuple[int, int], dict[str, Cell]] = defaultdict(dict)
    for pupil_id, subject_id, component, status, value in rows:
        cells[(pupil_id, subject_id)][component] = Cell(status, value)
    missing = {subject_id for _p, subject_id in cells} - subjects.keys()
    if missing:  # marks in a subject without a coefficient row: one more query
        subjects.update((s.pk, s) for s in Subject.objects.filter(pk__in=missing))
    class_pupils = {pupil_id for pupil_id, _ in cells}
    averages: dict[tuple[int, int], Decimal | None] = {
        key: continuous_average(row.get(k) for k in CONTINUOUS_COMPONENTS_KEYS)
        for key, row in cells.items()
    }
    statistics = {
        subject_id: class_statistics(
            (averages.get((p, subject_id)) for p in class_pupils), minimum_pupils
        )
        for subject_id in subjects
    }
    ordered = sorted(subjects.values(), key=lambda s: (s.sort_order, s.slug))
    reports: dict[int, SemesterReport] = {}
    for pupil_id in pupil_ids:
        report = SemesterReport(semester)
        for subject in ordered:
            row = cells.get((pupil_id, subject.pk), {})
            report.lines.append(
                SubjectLine(
                    subject=subject,
                    coefficient=coefficients.get(subject.pk, (subject, DEFAULT_COEFFICIENT))[1],
                    cells={k: row.get(k) for k in CONTINUOUS_COMPONENTS_KEYS},
                    average=averages.get((pupil_id, subject.pk)),
                    exams={k: row.get(k) for k in EXAM_COMPONENTS_KEYS},
                    statistics=statistics[subject.pk],
                )
            )
        reports[pupil_id] = report
    return reports
