"""The one gate of every staff screen: ask the view's permission policy, refuse with a 403 page.

A screen names its policy (``permission_policy``, from a ``permissions`` module) and the action
it needs (``permission_required``, or Wagtail's ``any_permission_required``); the Wagtail
viewsets' views find their policy in Wagtail's registry. Anyone the policy refuses gets the same
real 403 page, whether refused at the door or by an object (``PermissionDenied`` raised while
handling the request): Wagtail would otherwise turn a ``PermissionDenied`` into a redirect to the
dashboard. An object outside what the user may see is a 404 (``StaffPolicy.instance_for``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .permissions import VIEW, pupil_policy


def forbidden(request) -> TemplateResponse:
    """The staff screens' 403 page."""
    return TemplateResponse(request, "portal_auth/staff/forbidden.html", {}, status=403)


class StaffAccessMixin:
    """Let in only users the policy allows ``permission_required`` (or any of Wagtail's
    ``any_permission_required``); turn every refusal into the 403 page."""

    refused = False

    def setup(self, request, *args, **kwargs):
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:  # Wagtail's views look up their object in setup()
            self.refused = True

    def dispatch(self, request, *args, **kwargs):
        if self.refused or not self.user_may_enter(request.user):
            return forbidden(request)
        try:
            self.load_objects()
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    def load_objects(self) -> None:
        """A screen about one object looks it up here, once the gate let the user in
        (``scoped_object``), so a refused role is told 403 before any object is sought."""

    def user_may_enter(self, user) -> bool:
        policy = getattr(self, "permission_policy", None)
        required = getattr(self, "permission_required", None)
        if policy is None:
            return False
        if required is not None:
            return policy.user_has_permission(user, required)
        return policy.user_has_any_permission(user, getattr(self, "any_permission_required", ()))

    def scoped_object(self, pk, action: str | None = None, queryset=None):
        """The policy's instance ``pk`` for ``action`` (404 unseen, 403 beyond the role)."""
        return self.permission_policy.instance_for(
            self.request.user, action or self.permission_required or VIEW, pk, queryset
        )


class StaffScreen(StaffAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """A staff page in the admin's frame; by default open to staff who see pupils somewhere."""

    permission_policy = pupil_policy
    permission_required = VIEW
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PolicyMenuItem(MenuItem):
    """A menu item shown to users the policy allows ``action`` (answered from the cache)."""

    def __init__(self, *args, policy, action: str = VIEW, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.action = action

    def is_shown(self, request) -> bool:
        return self.policy.user_has_permission(request.user, self.action)
