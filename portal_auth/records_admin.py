"""Wire the marks, timetable and absence staff screens into the Wagtail admin.

Registered from ``PortalAuthConfig.ready`` (kept apart from ``wagtail_hooks`` so the account
screens and these can evolve without touching each other): URLs under ``/admin/portal/records/``
and a "Marks & attendance" menu shown to roles that manage a school's records.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .scoping import Capability, schools_for_staff
from .views import staff_imports, staff_marks

app_name = "portal_auth_records"

urlpatterns = [
    path("publish/", staff_marks.PublishMarksView.as_view(), name="publish_marks"),
    path("import/", staff_imports.ImportRecordsView.as_view(), name="import"),
]


class RecordsMenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return schools_for_staff(request.user, Capability.MANAGE_ACCOUNTS).exists()


@hooks.register("register_admin_urls")
def register_records_urls():
    return [path("portal/records/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_admin_menu_item")
def register_records_menu():
    items = [
        MenuItem(
            _("Publish marks"),
            reverse("portal_auth_records:publish_marks"),
            icon_name="tick",
            order=100,
        ),
        MenuItem(
            _("Import marks, timetables, absences"),
            reverse("portal_auth_records:import"),
            icon_name="upload",
            order=200,
        ),
    ]
    return RecordsMenu(_("Marks & attendance"), Menu(items=items), icon_name="table", order=260)
