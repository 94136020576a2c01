"""Who may do what on the staff screens: one permission policy per staff-facing model.

The policies speak Wagtail's permission-policy API (``BasePermissionPolicy``), so the portal's
own screens, the Wagtail viewsets and the menus ask the same object the same questions:

- ``user_has_permission(user, action)``: may the user do ``action`` on some instance (menus, the
  gate of a screen). Answered from the user's staff roles, read once per request
  (``scoping.staff_roles``, cached on the user object as Wagtail caches permissions): no query
  once the roles and their schools are known.
- ``instances_user_has_permission_for(user, action)``: the instances the user may act on: the
  scoping functions of ``scoping.py``, unchanged, for the capability the action needs.
- ``instance_for(user, action, pk)``: one instance for a screen: 404 when it is outside what the
  user may even see (guessing ids reveals nothing), 403 when it is seen but beyond the role.

Each policy maps its actions to the capabilities of ``scoping.ROLE_CAPABILITIES``: ``view`` and
Wagtail's ``view``; ``manage`` and Wagtail's ``add`` / ``change`` / ``delete``; ``audit``;
``handle`` (the front desk). An action a policy does not list is refused to everyone but active
superusers; ``refused`` lists actions refused to everyone (rows that only an import writes).
A policy whose instances each belong to one school (``school_of``) answers for one instance from
the cached schools, without a query.

The records', desk's and accounts' policies live in ``records/permissions.py``,
``desk/permissions.py`` and ``accounts/permissions.py``, over this module; ``apps.ready``
registers all of them with Wagtail's ``policy_registry``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.base import BasePermissionPolicy

from ..models import Guardian, GuardianLink, Pupil, SchoolClass
from .scoping import (
    ROLE_CAPABILITIES,
    Capability,
    User,
    classes_for_staff,
    guardians_for_staff,
    links_for_staff,
    pupils_for_staff,
    school_ids_for_staff,
)

Scope = Callable[[User, Capability], QuerySet]

VIEW, MANAGE, AUDIT, HANDLE = "view", "manage", "audit", "handle"

# Actions of the portal's screens and of Wagtail's generic views, and what each needs.
PEOPLE_ACTIONS: Mapping[str, Capability] = {
    VIEW: Capability.VIEW,
    MANAGE: Capability.MANAGE_ACCOUNTS,
    "add": Capability.MANAGE_ACCOUNTS,
    "change": Capability.MANAGE_ACCOUNTS,
    "delete": Capability.MANAGE_ACCOUNTS,
}
AUDIT_ACTIONS: Mapping[str, Capability] = {
    VIEW: Capability.VIEW_AUDIT,
    AUDIT: Capability.VIEW_AUDIT,
}

STAFF_GROUP = "Portal staff"
REFUSED = _("Your role does not allow this.")


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


class StaffPolicy(BasePermissionPolicy):
    """The permission policy of one staff-facing model, scoped by the user's staff roles."""

    def __init__(
        self,
        model: type[Model] | str,
        scope: Scope,
        actions: Mapping[str, Capability] = PEOPLE_ACTIONS,
        refused: Iterable[str] = (),
        school_of: Callable[[Model], int | None] | None = None,
    ) -> None:
        super().__init__(model)
        self.scope = scope
        self.actions = dict(actions)
        self.refused = frozenset(refused)
        self.school_of = school_of

    def capability(self, action: str) -> Capability | None:
        return None if action in self.refused else self.actions.get(action)

    def user_has_permission(self, user: User, action: str) -> bool:
        if not _active(user) or action in self.refused:
            return False
        if user.is_superuser:
            return True
        capability = self.capability(action)
        return capability is not None and bool(school_ids_for_staff(user, capability))

    def user_has_any_permission(self, user: User, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        capabilities = {self.capability(a) for a in actions} - {None}
        roles = [r for r, caps in ROLE_CAPABILITIES.items() if caps & capabilities]
        actions = list(actions)
        wanted = Q(is_superuser=True) if set(actions) - self.refused else Q(pk__in=[])
        return (
            get_user_model()
            .objects.filter(Q(is_active=True) & (wanted | Q(staff_roles__role__in=roles)))
            .distinct()
        )

    def instances_user_has_any_permission_for(self, user: User, actions: Iterable[str]) -> QuerySet:
        actions = [a for a in actions if self.user_has_permission(user, a)]
        capabilities = list(dict.fromkeys(self.capability(a) for a in actions))
        manager = self.model._default_manager
        if not capabilities:
            return manager.none()
        if None in capabilities:  # an action only superusers hold: the widest scope
            capabilities = [Capability.VIEW]
        if len(capabilities) == 1:
            return self.scope(user, capabilities[0])
        condition = Q(pk__in=[])
        for capability in capabilities:
            condition |= Q(pk__in=self.scope(user, capability).values("pk"))
        return manager.filter(condition)

    def user_has_permission_for_instance(self, user: User, action: str, instance: Model) -> bool:
        if self.school_of is not None and not user.is_superuser:
            # The instance belongs to one school: the cached schools of the roles answer.
            capability = self.capability(action)
            return (
                self.user_has_permission(user, action)
                and capability is not None
                and self.school_of(instance) in school_ids_for_staff(user, capability)
            )
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(
        self, user: User, actions: Iterable[str], instance: Model
    ) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instance_for(self, user: User, action: str, pk, queryset: QuerySet | None = None):
        """The instance ``pk`` for ``action``: 404 if the user cannot see it (in ``queryset``,
        by default what the ``view`` action reaches), 403 if they see it but may not act."""
        seen = self.instances_user_has_permission_for(user, VIEW) if queryset is None else queryset
        obj = seen.filter(pk=pk).first()
        if obj is None:
            raise Http404
        if action != VIEW and not self.user_has_permission_for_instance(user, action, obj):
            raise PermissionDenied(REFUSED)
        return obj


pupil_policy = StaffPolicy(Pupil, pupils_for_staff)
guardian_policy = StaffPolicy(Guardian, guardians_for_staff)
guardian_link_policy = StaffPolicy(GuardianLink, links_for_staff)
school_class_policy = StaffPolicy(SchoolClass, classes_for_staff)

POLICIES: dict[type[Model], StaffPolicy] = {
    Pupil: pupil_policy,
    Guardian: guardian_policy,
    GuardianLink: guardian_link_policy,
    SchoolClass: school_class_policy,
}


# --- Entering the Wagtail admin: a staff role grants it through one group -------------------


def portal_staff_group() -> Group:
    """The group whose only permission is entering the Wagtail admin."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    permission = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(permission)
    return group


def grant_admin_access(user) -> None:
    user.groups.add(portal_staff_group())
