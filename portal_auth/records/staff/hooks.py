"""Wire the marks, timetable and absence staff screens into the Wagtail admin.

Registered from ``PortalAuthConfig.ready`` (kept apart from ``wagtail_hooks`` so the account
screens and these can evolve without touching each other): URLs under ``/admin/portal/records/``
and a "Marks & attendance" menu shown to roles that manage a school's records.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from ...schools.scoping import Capability, schools_for_staff
from . import urls as records_urls


class RecordsMenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return schools_for_staff(request.user, Capability.MANAGE_ACCOUNTS).exists()


@hooks.register("register_admin_urls")
def register_records_urls():
    return [path("portal/records/", include(records_urls, namespace=records_urls.app_name))]


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
        MenuItem(
            _("Text messages to families"),
            reverse("portal_auth_records:text_messages"),
            icon_name="mail",
            order=300,
        ),
    ]
    return RecordsMenu(_("Marks & attendance"), Menu(items=items), icon_name="table", order=260)


# --- Django admin (superusers): coefficients, marks, publications, slots, tests, absences --------
from django.contrib import admin  # noqa: E402

from ...accounts.access_log import LogsRecordViewsAdmin  # noqa: E402
from ...models import (  # noqa: E402
    Absence,
    Assessment,
    Mark,
    RecordAccess,
    SemesterPublication,
    SubjectCoefficient,
    TimetableSlot,
)


@admin.register(SubjectCoefficient)
class SubjectCoefficientAdmin(admin.ModelAdmin):
    list_display = ("level", "track", "subject", "coefficient")
    list_filter = ("level", "track")
    list_editable = ("coefficient",)


@admin.register(Mark)
class MarkAdmin(LogsRecordViewsAdmin, admin.ModelAdmin):
    record_kind = RecordAccess.Kind.MARKS
    list_display = ("pupil", "school_class", "subject", "semester", "component", "status", "value")
    list_filter = ("semester", "component", "status")
    raw_id_fields = ("pupil", "school_class")
    search_fields = ("pupil__massar_code",)


@admin.register(SemesterPublication)
class SemesterPublicationAdmin(admin.ModelAdmin):
    list_display = ("school_class", "semester", "published_at", "published_by")
    raw_id_fields = ("school_class", "published_by")


@admin.register(TimetableSlot)
class TimetableSlotAdmin(admin.ModelAdmin):
    list_display = ("school_class", "weekday", "starts_at", "ends_at", "subject", "room")
    list_filter = ("weekday",)
    raw_id_fields = ("school_class",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("school_class", "subject", "kind", "date", "starts_at")
    list_filter = ("kind", "semester")
    raw_id_fields = ("school_class",)


@admin.register(Absence)
class AbsenceAdmin(LogsRecordViewsAdmin, admin.ModelAdmin):
    record_kind = RecordAccess.Kind.ABSENCES
    list_display = ("pupil", "date", "period", "hours", "justified")
    list_filter = ("justified", "period")
    raw_id_fields = ("pupil", "school_class", "recorded_by")
    search_fields = ("pupil__massar_code",)
