"""Two hooks into Wagtail: a pupil opening an assigned resource is noted, and teachers find
their assignments in the admin menu."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.models import ResourcePage

from .audience import is_teacher
from .progress import record_opened


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
