"""Hooks into Wagtail: a pupil opening an assigned resource is noted, teachers find their
assignments in the admin menu, and administrators and school directors say who teaches which
class (``teachings_admin.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from catalog.models import ResourcePage

from .audience import is_teacher
from .models import Teaching
from .progress import record_opened
from .teachings_admin import (
    TeachingDeleteView,
    TeachingEditView,
    TeachingForm,
    TeachingIndexView,
    permission_policy,
)

register_permission_policy(Teaching, permission_policy)


@hooks.register("before_serve_page")
def note_pupil_opening(page, request, serve_args, serve_kwargs):
    """Signed-in pupils only (anonymous visitors leave no trace); never changes the answer."""
    if (
        request.method == "GET"
        and request.user.is_authenticated
        and isinstance(page.specific_deferred, ResourcePage)
        and not getattr(request, "is_preview", False)
    ):
        record_opened(request.user, page.specific_deferred)


class TeacherMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_teacher(request.user)


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return TeacherMenuItem(
        _("My assignments"), reverse("assignments:teacher_list"), icon_name="tasks", order=250
    )


class TeachingViewSet(ModelViewSet):
    """Which teacher account teaches which class: administrators for every school (model
    permissions), a director for their own school."""

    name = "assignments_teachings"
    model = Teaching
    icon = "group"
    menu_label = _("Teachings")
    menu_order = 265
    add_to_admin_menu = True
    index_view_class = TeachingIndexView
    edit_view_class = TeachingEditView
    delete_view_class = TeachingDeleteView
    edit_handler = ObjectList(
        [FieldPanel("teacher"), FieldPanel("school_class")], base_form_class=TeachingForm
    )
    list_display = ["teacher", "school_class"]
    list_filter = ["school_class__year", "school_class__school"]
    search_fields = ["teacher__username", "school_class__name", "school_class__school__code"]


@hooks.register("register_admin_viewset")
def register_teaching_viewset():
    return TeachingViewSet()
