"""The permission policies of the front desk: document requests, message threads and opening
hours follow their school, and every action on them needs ``handle`` (the roles that manage a
school's accounts: administrative staff and directors). ``schools/permissions.py`` says how a
policy works; the family side's rights stay in ``document_requests.side_of``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Model, QuerySet

from ..models import DocumentRequest, MessageThread, OpeningHours
from ..schools.permissions import HANDLE, VIEW, StaffPolicy
from ..schools.scoping import Capability, User, schools_for_staff

HANDLE_ACTIONS: Mapping[str, Capability] = {
    action: Capability.MANAGE_ACCOUNTS for action in (VIEW, HANDLE, "add", "change", "delete")
}


def _of_schools(model: type[Model]):
    def scope(user: User, capability: Capability) -> QuerySet:
        return model.objects.filter(school__in=schools_for_staff(user, capability))

    return scope


def _school_policy(model: type[Model]) -> StaffPolicy:
    return StaffPolicy(
        model, _of_schools(model), HANDLE_ACTIONS, school_of=lambda instance: instance.school_id
    )


document_request_policy = _school_policy(DocumentRequest)
message_thread_policy = _school_policy(MessageThread)
opening_hours_policy = _school_policy(OpeningHours)

POLICIES: dict[type[Model], StaffPolicy] = {
    DocumentRequest: document_request_policy,
    MessageThread: message_thread_policy,
    OpeningHours: opening_hours_policy,
}
