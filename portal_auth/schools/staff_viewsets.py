"""Wagtail viewsets for staff-facing models, behind the model's permission policy.

``StaffModelViewSet`` is Wagtail's ``ModelViewSet`` whose every view (listing, edit, delete,
history, usage) goes through ``StaffAccessMixin`` and looks up what it shows through the
model's policy (registered with Wagtail's ``policy_registry`` by ``apps.ready``): the listing
holds what the user may ``view``; an object outside it is a 404, an object seen but beyond the
role a 403 page. A viewset with a ``record_kind`` logs what its pages show of pupils' records
(``accounts.access_log``).
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .permissions import MANAGE, VIEW, school_class_policy
from .staff_access import StaffAccessMixin


class ScopedListingMixin:
    """The listing holds what the policy lets the user see, never the whole table."""

    list_select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = self.permission_policy.instances_user_has_permission_for(self.request.user, VIEW)
        return queryset.select_related(*self.list_select_related)


class ScopedViewMixin:
    """The object a viewset's view is about comes through its policy: 404 unseen, 403 beyond
    the role."""

    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, VIEW)

    def about_one_object(self) -> bool:
        return getattr(self, "pk_url_kwarg", "pk") in self.kwargs

    def user_may_enter(self, user) -> bool:
        # A page about one object lets in whoever sees such objects; the object then answers
        # 404 (not seen) or 403 (seen, beyond the role), as the portal's own screens do.
        if self.about_one_object():
            return self.permission_policy.user_has_permission(user, VIEW)
        return super().user_may_enter(user)

    def load_objects(self) -> None:
        if self.about_one_object():
            self.object = self.get_object()

    def get_object(self, queryset=None):
        if getattr(self, "object", None) is not None:
            return self.object
        action = getattr(self, "permission_required", None) or VIEW
        return self.permission_policy.instance_for(
            self.request.user, action, self.kwargs[self.pk_url_kwarg]
        )


class StaffModelViewSet(ModelViewSet):
    """A ``ModelViewSet`` for a staff-facing model: scoped, gated, refusing with a 403 page."""

    copy_view_enabled = False
    # Extra mixins for every view (the record-access log, for models of pupils' records).
    view_mixins: tuple[type, ...] = ()
    list_select_related: tuple[str, ...] = ()

    def construct_view(self, view_class, **kwargs):
        listing = (ScopedListingMixin,) if issubclass(view_class, IndexView) else ()
        scoped = type(
            view_class.__name__,
            (*self.view_mixins, *listing, ScopedViewMixin, StaffAccessMixin, view_class),
            {"list_select_related": tuple(self.list_select_related)},
        )
        return super().construct_view(scoped, **kwargs)

    def get_permissions_to_register(self):
        # The policy decides from staff roles: no Django permission to hand out to groups.
        return Permission.objects.none()


class ClassScopedForm(WagtailAdminModelForm):
    """A form with a ``school_class`` field offers only the classes the user manages."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("school_class")
        if field is not None:
            field.queryset = school_class_policy.instances_user_has_permission_for(
                self.for_user, MANAGE
            ).select_related("school")
            field.help_text = _("This year's classes of your schools.")
