"""Wagtail hooks of the request desk: URLs, a menu for staff who handle requests, dashboard counts.

Imported from ``PortalAuthConfig.ready`` so it does not share a file with the accounts' hooks.
"""

from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from ...models import DocumentRequest
from ...schools.scoping import schools_for_staff
from ..document_requests import HANDLE_REQUESTS, requests_for_staff
from ..school_messages import threads_for_staff, unread_by_staff
from . import urls as desk_urls


@hooks.register("register_admin_urls")
def register_request_desk_urls():
    return [path("requests/", include(desk_urls, namespace="portal_requests_staff"))]


class HandlerMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return schools_for_staff(request.user, HANDLE_REQUESTS).exists()


class HandlerSubmenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return schools_for_staff(request.user, HANDLE_REQUESTS).exists()


@hooks.register("register_admin_menu_item")
def register_request_desk_menu():
    items = [
        HandlerMenuItem(
            _("Document requests"),
            reverse("portal_requests_staff:queue"),
            icon_name="doc-full",
            order=100,
        ),
        HandlerMenuItem(
            _("Day list"), reverse("portal_requests_staff:day_list"), icon_name="date", order=200
        ),
        HandlerMenuItem(
            _("Messages"), reverse("portal_requests_staff:threads"), icon_name="mail", order=300
        ),
        HandlerMenuItem(
            _("Opening hours"), reverse("portal_requests_staff:hours"), icon_name="time", order=400
        ),
    ]
    return HandlerSubmenu(_("Requests & messages"), Menu(items=items), icon_name="mail", order=260)


class RequestDeskPanel(Component):
    """Counts on the dashboard: pending requests, today's appointments, unread messages."""

    name = "request_desk"
    template_name = "portal_auth/requests/staff/dashboard_panel.html"
    order = 90

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context):
        Status = DocumentRequest.Status
        counts = requests_for_staff(self.user).aggregate(
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            today=Count(
                "pk",
                filter=Q(
                    status__in=[Status.SCHEDULED, Status.READY],
                    slot__starts_at__date=timezone.localdate(),
                ),
            ),
            ready=Count("pk", filter=Q(status=Status.READY)),
        )
        unread = unread_by_staff(threads_for_staff(self.user)).count()
        return {**counts, "unread": unread, "today_date": timezone.localdate()}


@hooks.register("construct_homepage_panels")
def add_request_desk_panel(request, panels) -> None:
    if schools_for_staff(request.user, HANDLE_REQUESTS).exists():
        panels.append(RequestDeskPanel(request.user))
