"""The portal's models, one concern a module.

``organisation``: academies, directorates, schools, school years, classes.
``people``: pupils, enrolments, guardians and their links to pupils, staff roles.
``codes``: activation codes (hashed). ``audit``: the security log.
"""

from .audit import SecurityEvent
from .codes import ActivationCode
from .organisation import Academy, Directorate, School, SchoolClass, SchoolYear
from .people import Enrolment, Guardian, GuardianLink, Pupil, StaffRole
from .sessions import SignedInSession

__all__ = [
    "ActivationCode",
    "SecurityEvent",
    "SignedInSession",
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
