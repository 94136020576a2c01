"""Wire the staff screens into the Wagtail admin: URLs and a menu shown to staff only."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .scoping import Capability, is_staff_member, schools_for_staff
from .staff import urls as staff_urls


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [path("portal/", include(staff_urls, namespace="portal_auth_staff"))]


class StaffMenuItem(MenuItem):
    def __init__(self, *args, capability: Capability = Capability.VIEW, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.capability = capability

    def is_shown(self, request) -> bool:
        return schools_for_staff(request.user, self.capability).exists()


class StaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return is_staff_member(request.user) and super().is_shown(request)


def _items():
    return [
        StaffMenuItem(
            _("Pupils"), reverse("portal_auth_staff:pupils"), icon_name="user", order=100
        ),
        StaffMenuItem(
            _("Guardians"), reverse("portal_auth_staff:guardians"), icon_name="group", order=200
        ),
        StaffMenuItem(
            _("Classes"), reverse("portal_auth_staff:classes"), icon_name="list-ul", order=300
        ),
        StaffMenuItem(
            _("Activation codes"), reverse("portal_auth_staff:codes"), icon_name="key", order=400
        ),
        StaffMenuItem(
            _("Import"),
            reverse("portal_auth_staff:import"),
            icon_name="upload",
            order=500,
            capability=Capability.MANAGE_ACCOUNTS,
        ),
        StaffMenuItem(
            _("Security log"),
            reverse("portal_auth_staff:log"),
            icon_name="history",
            order=600,
            capability=Capability.VIEW_AUDIT,
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_staff_menu():
    return StaffSubmenu(_("Pupils & guardians"), Menu(items=_items()), icon_name="group", order=250)
