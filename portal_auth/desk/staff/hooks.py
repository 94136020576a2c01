"""Wagtail hooks of the request desk: URLs, a menu for staff who handle requests, dashboard counts.

Imported from ``PortalAuthConfig.ready`` so it does not share a file with the accounts' hooks.
"""

from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from ...models import DocumentRequest
from ...schools.permissions import HANDLE
from ...schools.staff_access import PolicyMenuItem
from ..document_requests import requests_for_staff
from ..permissions import document_request_policy, message_thread_policy, opening_hours_policy
from ..school_messages import threads_for_staff, unread_by_staff
from . import urls as desk_urls


@hooks.register("register_admin_urls")
def register_request_desk_urls():
    return [path("requests/", include(desk_urls, namespace="portal_requests_staff"))]


@hooks.register("register_admin_menu_item")
def register_request_desk_menu():
    def item(label, name, icon, order, policy=document_request_policy):
        url = reverse(f"portal_requests_staff:{name}")
        return PolicyMenuItem(label, url, icon_name=icon, order=order, policy=policy, action=HANDLE)

    items = [
        item(_("Document requests"), "queue", "doc-full", 100),
        item(_("Day list"), "day_list", "date", 200),
        item(_("Messages"), "threads", "mail", 300, message_thread_policy),
        item(_("Opening hours"), "hours", "time", 400, opening_hours_policy),
    ]
    return SubmenuMenuItem(_("Requests & messages"), Menu(items=items), icon_name="mail", order=260)


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
    if document_request_policy.user_has_permission(request.user, HANDLE):
        panels.append(RequestDeskPanel(request.user))
