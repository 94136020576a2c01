"""The portal's models, one concern a module.

``organisation``: academies, directorates, schools, school years, classes.
``people``: pupils, enrolments, guardians and their links to pupils, staff roles.
``codes``: activation codes (hashed). ``audit``: the security log and the record-access log.
``marks``: marks, coefficients, published semesters. ``timetable``: weekly slots.
``assessments``: the test and exam calendar and its feed tokens. ``absences``: absences.
``throttle``: brute-force counters, when the database holds them. ``imports``: staff import runs.
"""

from .absences import Absence, AbsencePeriod
from .assessments import Assessment, AssessmentKind, CalendarFeedToken
from .audit import RecordAccess, SecurityEvent
from .codes import ActivationCode
from .imports import ImportRun
from .marks import (
    CONTINUOUS_COMPONENTS_KEYS,
    EXAM_COMPONENTS_KEYS,
    Mark,
    MarkComponent,
    MarkStatus,
    Semester,
    SemesterPublication,
    SubjectCoefficient,
)
from .messages import MessageThread, ThreadPost
from .notifications import Channel, Notification, NotificationPreference
from .organisation import Academy, Directorate, School, SchoolClass, SchoolYear
from .people import Enrolment, Guardian, GuardianLink, Pupil, StaffRole
from .requests import AppointmentSlot, DocumentRequest, OpeningHours, RequestEvent
from .sessions import SignedInSession
from .throttle import ThrottleCounter
from .timetable import TimetableSlot, Weekday

__all__ = [
    "ActivationCode",
    "ImportRun",
    "RecordAccess",
    "SecurityEvent",
    "SignedInSession",
    "ThrottleCounter",
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
    "Absence",
    "Channel",
    "AbsencePeriod",
    "Assessment",
    "AssessmentKind",
    "CalendarFeedToken",
    "CONTINUOUS_COMPONENTS_KEYS",
    "EXAM_COMPONENTS_KEYS",
    "Mark",
    "MarkComponent",
    "MarkStatus",
    "Semester",
    "SemesterPublication",
    "SubjectCoefficient",
    "TimetableSlot",
    "Weekday",
    # requests, messages, notifications
    "AppointmentSlot",
    "DocumentRequest",
    "MessageThread",
    "Notification",
    "NotificationPreference",
    "OpeningHours",
    "RequestEvent",
    "ThreadPost",
]
