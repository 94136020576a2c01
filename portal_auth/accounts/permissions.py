"""The permission policies of the accounts' staff-facing models: activation codes, and the two
logs a director reads (the security log, the log of staff views of records).

Codes follow their pupil (``view`` for every staff role, ``manage`` to issue or revoke); the
logs follow their school and need ``audit`` (``schools/permissions.py`` says how a policy works).
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from ..models import ActivationCode, RecordAccess, SecurityEvent
from ..schools.permissions import AUDIT_ACTIONS, StaffPolicy
from ..schools.scoping import Capability, User, pupils_for_staff, schools_for_staff


def codes_for_staff(user: User, capability: Capability) -> QuerySet[ActivationCode]:
    return ActivationCode.objects.filter(pupil__in=pupils_for_staff(user, capability))


def security_events_for_staff(user: User, capability: Capability) -> QuerySet[SecurityEvent]:
    return SecurityEvent.objects.filter(school__in=schools_for_staff(user, capability))


def record_accesses_for_staff(user: User, capability: Capability) -> QuerySet[RecordAccess]:
    return RecordAccess.objects.filter(school__in=schools_for_staff(user, capability))


activation_code_policy = StaffPolicy(ActivationCode, codes_for_staff)
# The logs are read, never written through a screen.
security_event_policy = StaffPolicy(
    SecurityEvent, security_events_for_staff, AUDIT_ACTIONS, refused=("add", "change", "delete")
)
record_access_policy = StaffPolicy(
    RecordAccess, record_accesses_for_staff, AUDIT_ACTIONS, refused=("add", "change", "delete")
)

POLICIES: dict[type[Model], StaffPolicy] = {
    ActivationCode: activation_code_policy,
    SecurityEvent: security_event_policy,
    RecordAccess: record_access_policy,
}
