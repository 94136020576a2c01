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


# The submenu's entries: label, URL name, icon, order, and the policy and action that show it.
MENU_ENTRIES = (
    (
        _("Publish marks"),
        "portal_auth_records:publish_marks",
        "tick",
        100,
        semester_publication_policy,
        MANAGE,
    ),
    (
        _("Import marks, timetables, absences"),
        "portal_auth_records:import",
        "upload",
        200,
        semester_publication_policy,
        MANAGE,
    ),
    (
        _("Text messages to families"),
        "portal_auth_records:text_messages",
        "mail",
        300,
        pupil_policy,
        VIEW,
    ),
)


def _register_menu_entry(label, url_name: str, icon: str, order: int, policy, action) -> None:
    @hooks.register(RECORDS_MENU_HOOK)
    def register_menu_item():
        return PolicyMenuItem(
            label, reverse(url_name), icon_name=icon, order=order, policy=policy, action=action
        )


for _entry in MENU_ENTRIES:
    _register_menu_entry(*_entry)


@hooks.register("register_admin_menu_item")
def register_records_menu():
    menu = Menu(register_hook_name=RECORDS_MENU_HOOK)
    return SubmenuMenuItem(_("Marks & attendance"), menu, icon_name="table", order=260)
