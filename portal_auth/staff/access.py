"""Admin access for staff: a role grants entry to the Wagtail admin through one group."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..schools.scoping import is_staff_member

STAFF_GROUP = "Portal staff"


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


def get_scoped_or_404(view_scope: QuerySet, manage_scope: QuerySet | None, pk: int):
    """The object with ``pk`` from ``view_scope`` (404 if absent); 403 if not in ``manage_scope``."""
    obj = view_scope.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if manage_scope is not None and not manage_scope.filter(pk=pk).exists():
        raise PermissionDenied(_("Your role does not allow this."))
    return obj


def forbidden(request) -> TemplateResponse:
    """A real 403 page (Wagtail would turn a raised PermissionDenied into a redirect home)."""
    return TemplateResponse(request, "portal_auth/staff/forbidden.html", {}, status=403)


class StaffOnlyMixin:
    """Refuse users without a staff role, and actions beyond the role, with a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            return forbidden(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)
