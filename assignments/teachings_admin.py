"""Who teaches which class, in the Wagtail admin: administrators (Django's model permissions)
for every school, and each school's director for their own school.

A director sees and changes only the teachings of their school's classes, and the form offers
only their school's classes of the current year and the accounts holding a teacher role there.
For everyone, a teacher must hold a teacher role at the class's school (else the teaching would
grant nothing: ``audience.classes_taught`` needs that role).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import DeleteView, EditView, IndexView
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal_auth.models import SchoolClass, SchoolYear, StaffRole

from .audience import directed_school_ids, schools_directed, teachers_at
from .models import Teaching

ACTIONS = {"add", "change", "delete", "view"}


class TeachingPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, plus a director's on the teachings of their own school."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in ACTIONS and bool(directed_school_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return action in ACTIONS and instance.school_class.school_id in directed_school_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        if super().user_has_permission(user, action):
            return Teaching.objects.all()
        if action not in ACTIONS:
            return Teaching.objects.none()
        return Teaching.objects.filter(school_class__school__in=schools_directed(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, next(iter(actions), "view"))


permission_policy = TeachingPermissionPolicy(Teaching)


def is_administrator(user) -> bool:
    return ModelPermissionPolicy.user_has_permission(permission_policy, user, "add")


class TeachingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        year = SchoolYear.objects.current()
        if user is not None and not is_administrator(user):
            schools = schools_directed(user)
            self.fields["school_class"].queryset = SchoolClass.objects.filter(
                school__in=schools, year=year
            ).order_by("name")
            self.fields["teacher"].queryset = teachers_at(schools).order_by("username")

    def clean(self):
        cleaned = super().clean()
        teacher, school_class = cleaned.get("teacher"), cleaned.get("school_class")
        if teacher is not None and school_class is not None:
            if not StaffRole.objects.filter(
                user=teacher,
                role=StaffRole.Role.TEACHER,
                scope=StaffRole.Scope.SCHOOL,
                school_id=school_class.school_id,
            ).exists():
                raise ValidationError(
                    _(
                        "%(teacher)s is not a teacher at %(school)s: give them a teacher role there first."
                    )
                    % {"teacher": teacher, "school": school_class.school}
                )
        return cleaned


class TeachingIndexView(IndexView):
    def get_base_queryset(self):
        allowed = permission_policy.instances_user_has_permission_for(self.request.user, "view")
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class _OwnSchoolOnly:
    """Edit and delete: a teaching of another school is not there (404)."""

    action = "change"

    def get_object(self, queryset=None):
        teaching = super().get_object(queryset)
        user = self.request.user
        if not permission_policy.user_has_permission_for_instance(user, self.action, teaching):
            raise Http404
        return teaching


class TeachingEditView(_OwnSchoolOnly, EditView):
    pass


class TeachingDeleteView(_OwnSchoolOnly, DeleteView):
    action = "delete"
