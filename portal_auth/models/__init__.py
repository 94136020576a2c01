"""The portal's models, one concern a module.

``organisation``: academies, directorates, schools, school years, classes.
``people``: pupils, enrolments, guardians and their links to pupils, staff roles.
"""

from .organisation import Academy, Directorate, School, SchoolClass, SchoolYear
from .people import Enrolment, Guardian, GuardianLink, Pupil, StaffRole

__all__ = [
    "Academy",
    "Directorate",
    "Enrolment",
    "Guardian",
    "GuardianLink",
    "Pupil",
    "School",
    "SchoolClass",
    "SchoolYear",
    "StaffRole",
]
