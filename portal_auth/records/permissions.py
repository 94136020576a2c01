"""The permission policies of the records: marks, absences, tests and exams, timetable slots,
semester publications and subject coefficients (``schools/permissions.py`` says how a policy
works).

A record follows its class: staff see the records of this year's classes of their schools
(``scoping.classes_for_staff``), every role may look (``view``), and the roles that manage a
school's accounts manage its records (``manage``, and Wagtail's ``change`` / ``delete``).
Marks and absences are written by imports only, so no screen adds one; a publication is made
and withdrawn on the publishing screen only. Coefficients are national: records managers read
them, only superusers change them.

A pupil's right to see a mark is not decided here but in ``publication.py``.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from ..models import (
    Absence,
    Assessment,
    Mark,
    SemesterPublication,
    SubjectCoefficient,
    TimetableSlot,
)
from ..schools.permissions import MANAGE, VIEW, StaffPolicy
from ..schools.scoping import Capability, User, classes_for_staff


def _of_classes(model: type[Model]):
    def scope(user: User, capability: Capability) -> QuerySet:
        return model.objects.filter(school_class__in=classes_for_staff(user, capability))

    return scope


def _coefficients(user: User, capability: Capability) -> QuerySet[SubjectCoefficient]:
    return SubjectCoefficient.objects.all()


mark_policy = StaffPolicy(Mark, _of_classes(Mark), refused=("add",))
absence_policy = StaffPolicy(Absence, _of_classes(Absence), refused=("add",))
assessment_policy = StaffPolicy(Assessment, _of_classes(Assessment))
timetable_slot_policy = StaffPolicy(TimetableSlot, _of_classes(TimetableSlot))
semester_publication_policy = StaffPolicy(
    SemesterPublication,
    _of_classes(SemesterPublication),
    {VIEW: Capability.MANAGE_ACCOUNTS, MANAGE: Capability.MANAGE_ACCOUNTS},
    refused=("add", "change", "delete"),
)
subject_coefficient_policy = StaffPolicy(
    SubjectCoefficient, _coefficients, {VIEW: Capability.MANAGE_ACCOUNTS}
)

POLICIES: dict[type[Model], StaffPolicy] = {
    Mark: mark_policy,
    Absence: absence_policy,
    Assessment: assessment_policy,
    TimetableSlot: timetable_slot_policy,
    SemesterPublication: semester_publication_policy,
    SubjectCoefficient: subject_coefficient_policy,
}
