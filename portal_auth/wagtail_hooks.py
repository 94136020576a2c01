"""Wire the staff screens into the Wagtail admin: URLs, and a menu whose items each ask their
model's permission policy (``schools/permissions.py``)."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .accounts.permissions import (
    activation_code_policy,
    record_access_policy,
    security_event_policy,
)
from .models import Academy, Directorate, School, SchoolYear, StaffRole
from .schools.permissions import (
    AUDIT,
    MANAGE,
    guardian_policy,
    pupil_policy,
    school_class_policy,
)
from .schools.scoping import Capability, academies_for_staff, is_staff_member
from .schools.staff_access import PolicyMenuItem
from .staff import urls as staff_urls


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [path("portal/", include(staff_urls, namespace="portal_auth_staff"))]


@hooks.register("insert_global_admin_css")
def staff_screen_css():
    """The staff screens' few rules, as a file: the templates carry no inline style."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/portal_staff.css"))


class StaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return is_staff_member(request.user) and super().is_shown(request)


def _items():
    return [
        PolicyMenuItem(
            _("Pupils"),
            reverse("portal_auth_staff:pupils"),
            icon_name="user",
            order=100,
            policy=pupil_policy,
        ),
        PolicyMenuItem(
            _("Guardians"),
            reverse("portal_auth_staff:guardians"),
            icon_name="group",
            order=200,
            policy=guardian_policy,
        ),
        PolicyMenuItem(
            _("Classes"),
            reverse("portal_auth_staff:classes"),
            icon_name="list-ul",
            order=300,
            policy=school_class_policy,
        ),
        PolicyMenuItem(
            _("Activation codes"),
            reverse("portal_auth_staff:codes"),
            icon_name="key",
            order=400,
            policy=activation_code_policy,
        ),
        PolicyMenuItem(
            _("Import"),
            reverse("portal_auth_staff:import"),
            icon_name="upload",
            order=500,
            policy=pupil_policy,
            action=MANAGE,
        ),
        PolicyMenuItem(
            _("Security log"),
            reverse("portal_auth_staff:log"),
            icon_name="history",
            order=600,
            policy=security_event_policy,
            action=AUDIT,
        ),
        PolicyMenuItem(
            _("Who viewed pupils' records"),
            reverse("portal_auth_staff:access_log"),
            icon_name="view",
            order=700,
            policy=record_access_policy,
            action=AUDIT,
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_staff_menu():
    return StaffSubmenu(_("Pupils & guardians"), Menu(items=_items()), icon_name="group", order=250)


class DirectorsImportMenuItem(MenuItem):
    """For the academy's regional editor: the school directors the e-book is sent to."""

    def is_shown(self, request) -> bool:
        return academies_for_staff(request.user, Capability.MANAGE_DIRECTORS).exists()


@hooks.register("register_admin_menu_item")
def register_directors_import_menu():
    return DirectorsImportMenuItem(
        _("School directors"),
        reverse("portal_auth_staff:import_kind", args=["directors"]),
        icon_name="mail",
        order=260,
    )


# --- Organisation and staff roles: edited by administrators (Django model permissions) -------


class AcademyViewSet(ModelViewSet):
    name = "portal_academies"
    model = Academy
    icon = "site"
    form_fields = ["slug", "name_ar", "name_fr", "name_en", "sort_order"]
    list_display = ["name_ar", "name_fr", "slug"]
    search_fields = ["name_ar", "name_fr", "slug"]


class DirectorateViewSet(ModelViewSet):
    name = "portal_directorates"
    model = Directorate
    icon = "site"
    form_fields = ["academy", "code", "name_ar", "name_fr"]
    list_display = ["name_ar", "name_fr", "code", "academy"]
    list_filter = ["academy"]
    search_fields = ["name_ar", "name_fr", "code"]


class SchoolViewSet(ModelViewSet):
    name = "portal_schools"
    model = School
    icon = "home"
    form_fields = ["directorate", "code", "name_ar", "name_fr"]
    list_display = ["name_ar", "name_fr", "code", "directorate"]
    list_filter = ["directorate__academy"]
    search_fields = ["name_ar", "name_fr", "code"]


class SchoolYearViewSet(ModelViewSet):
    name = "portal_school_years"
    model = SchoolYear
    icon = "date"
    form_fields = ["label", "starts_on", "ends_on", "is_current"]
    list_display = ["label", "starts_on", "ends_on", "is_current"]


class StaffRoleViewSet(ModelViewSet):
    name = "portal_staff_roles"
    model = StaffRole
    icon = "user"
    form_fields = ["user", "role", "scope", "school", "directorate", "academy"]
    list_display = ["user", "role", "scope", "scope_target"]
    list_filter = ["role", "scope"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class OrganisationGroup(ModelViewSetGroup):
    menu_label = _("School organisation")
    menu_icon = "site"
    menu_order = 260
    items = [AcademyViewSet, DirectorateViewSet, SchoolViewSet, SchoolYearViewSet, StaffRoleViewSet]


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationGroup()
