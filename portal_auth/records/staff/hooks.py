"""Wire the marks, timetable and absence staff screens into the Wagtail admin.

Registered from ``PortalAuthConfig.ready`` (kept apart from ``wagtail_hooks`` so the account
screens and these can evolve without touching each other): URLs under ``/admin/portal/records/``,
the records' viewsets (``viewsets.py``), and a "Marks & attendance" menu whose items each ask
their policy, so a teacher sees the tables they may read and not the publishing or the import.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from ...schools.permissions import MANAGE, VIEW, pupil_policy
from ...schools.staff_access import PolicyMenuItem
from ..permissions import semester_publication_policy
from . import urls as records_urls
from .viewsets import RECORDS_MENU_HOOK, VIEWSETS


@hooks.register("register_admin_urls")
def register_records_urls():
    return [path("portal/records/", include(records_urls, namespace=records_urls.app_name))]


@hooks.register("register_admin_viewset")
def register_records_viewsets():
    return [viewset() for viewset in VIEWSETS]


@hooks.register(RECORDS_MENU_HOOK)
def register_publish_menu_item():
    return PolicyMenuItem(
        _("Publish marks"),
        reverse("portal_auth_records:publish_marks"),
        icon_name="tick",
        order=100,
        policy=semester_publication_policy,
        action=MANAGE,
    )


@hooks.register(RECORDS_MENU_HOOK)
def register_import_menu_item():
    return PolicyMenuItem(
        _("Import marks, timetables, absences"),
        reverse("portal_auth_records:import"),
        icon_name="upload",
        order=200,
        policy=semester_publication_policy,
        action=MANAGE,
    )


@hooks.register(RECORDS_MENU_HOOK)
def register_text_messages_menu_item():
    return PolicyMenuItem(
        _("Text messages to families"),
        reverse("portal_auth_records:text_messages"),
        icon_name="mail",
        order=300,
        policy=pupil_policy,
        action=VIEW,
    )


@hooks.register("register_admin_menu_item")
def register_records_menu():
    menu = Menu(register_hook_name=RECORDS_MENU_HOOK)
    return SubmenuMenuItem(_("Marks & attendance"), menu, icon_name="table", order=260)
