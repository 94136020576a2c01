"""The report card (bulletin) of a published semester: what it prints, per pupil of a class.

The figures are ``grading``'s (subject averages, the semester and annual averages, the class
averages where enough pupils have one); nothing is computed here. A semester that is not
published for the class has no report card (``NotPublished``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import Pupil, SchoolClass
from .grading import SemesterReport, annual_average, semester_reports
from .publication import published_semesters


class NotPublished(Exception):
    """The semester is not published for the class: no report card."""


@dataclass
class ReportCard:
    pupil: Pupil
    school_class: SchoolClass
    semester: int
    report: SemesterReport
    # Both semesters' averages and the annual one, only once both semesters are published.
    semester_averages: dict[int, Decimal | None] | None = None
    annual: Decimal | None = None

    @property
    def average(self) -> Decimal | None:
        return self.report.average


def report_cards(school_class: SchoolClass, semester: int, pupils: list[Pupil]) -> list[ReportCard]:
    """The report cards of ``pupils`` (pupils of ``school_class``) for ``semester``, in order.

    Raises ``NotPublished`` unless the semester is published for the class.
    """
    published = published_semesters(school_class)
    if semester not in published:
        raise NotPublished
    ids = [p.pk for p in pupils]
    reports = semester_reports(school_class, semester, ids)
    other = semester_reports(school_class, 3 - semester, ids) if published >= {1, 2} else None
    cards = []
    for pupil in pupils:
        card = ReportCard(pupil, school_class, semester, reports[pupil.pk])
        if other is not None:
            averages = {semester: card.average, 3 - semester: other[pupil.pk].average}
            card.semester_averages = averages
            card.annual = annual_average(averages[1], averages[2])
        cards.append(card)
    return cards


def class_pupils(school_class: SchoolClass) -> list[Pupil]:
    """The pupils enrolled in the class, in the order of the class list."""
    return list(
        Pupil.objects.filter(
            enrolments__school_class=school_class, enrolments__year=school_class.year_id
        ).order_by("last_name_latin", "first_name_latin", "massar_code")
    )
