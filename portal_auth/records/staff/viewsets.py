"""The records' tables in the Wagtail admin: marks, absences, tests and exams, timetable slots,
semester publications and subject coefficients, each a viewset behind its policy
(``records/permissions.py``).

Marks and absences are written by the imports: here staff find them (by class, semester, status,
a pupil's Massar code or name) and correct one; every page that shows them is logged in the
record-access log. Tests and exams are added here; a publication is made on the publishing
screen.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from ...accounts.access_log import LogsViewSetRecordViews
from ...models import (
    Absence,
    Assessment,
    Mark,
    RecordAccess,
    SchoolClass,
    SemesterPublication,
    SubjectCoefficient,
    TimetableSlot,
)
from ...schools.permissions import VIEW, school_class_policy
from ...schools.staff_viewsets import ClassScopedForm, StaffModelViewSet

RECORDS_MENU_HOOK = "register_records_menu_item"
PUPIL_SEARCH = [
    "pupil__massar_code",
    "pupil__last_name_latin",
    "pupil__first_name_latin",
    "pupil__last_name_ar",
    "pupil__first_name_ar",
]


def _seen_classes(request):
    if request is None:
        return SchoolClass.objects.none()
    return school_class_policy.instances_user_has_permission_for(request.user, VIEW).select_related(
        "school"
    )


def _filterset(model, *fields: str) -> type[WagtailFilterSet]:
    """A filter set with a class filter that offers only the classes the user sees."""
    school_class = django_filters.ModelChoiceFilter(
        label=_("class"), queryset=_seen_classes, field_name="school_class"
    )
    meta = type("Meta", (), {"model": model, "fields": ["school_class", *fields]})
    return type(
        f"{model.__name__}FilterSet",
        (WagtailFilterSet,),
        {"school_class": school_class, "Meta": meta},
    )


class LoggedRecordViews(LogsViewSetRecordViews):
    """Marks' and absences' pages write the record-access log."""

    @classmethod
    def of(cls, kind: str) -> type[LogsViewSetRecordViews]:
        return type(f"Logs{kind.title()}Views", (cls,), {"record_kind": kind})


class RecordsViewSet(StaffModelViewSet):
    menu_hook = RECORDS_MENU_HOOK
    add_to_admin_menu = False


class MarkViewSet(RecordsViewSet):
    name = "portal_marks"
    model = Mark
    icon = "table"
    menu_order = 300
    view_mixins = (LoggedRecordViews.of(RecordAccess.Kind.MARKS),)
    list_select_related = ["pupil", "school_class", "subject"]
    list_display = ["pupil", "school_class", "subject", "semester", "component", "status", "value"]
    filterset_class = _filterset(Mark, "semester", "component", "status")
    search_fields = PUPIL_SEARCH
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("status"), FieldPanel("value")])],
        base_form_class=ClassScopedForm,
    )


class AbsenceViewSet(RecordsViewSet):
    name = "portal_absences"
    model = Absence
    icon = "calendar-alt"
    menu_order = 400
    view_mixins = (LoggedRecordViews.of(RecordAccess.Kind.ABSENCES),)
    list_select_related = ["pupil", "school_class"]
    list_display = ["pupil", "school_class", "date", "period", "hours", "justified"]
    filterset_class = _filterset(Absence, "justified", "period")
    search_fields = PUPIL_SEARCH
    edit_handler = ObjectList(
        [FieldPanel("hours"), FieldPanel("justified"), FieldPanel("reason")],
        base_form_class=ClassScopedForm,
    )


class AssessmentViewSet(RecordsViewSet):
    name = "portal_assessments"
    model = Assessment
    icon = "date"
    menu_order = 500
    list_display = ["school_class", "subject", "kind", "semester", "date", "starts_at"]
    list_select_related = ["school_class", "subject"]
    filterset_class = _filterset(Assessment, "kind", "semester")
    search_fields = ["school_class__name", "subject__name_fr", "subject__name_ar", "note"]
    edit_handler = ObjectList(
        [
            FieldPanel("school_class"),
            FieldPanel("subject"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("semester")]),
            FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("note"),
        ],
        base_form_class=ClassScopedForm,
    )


class TimetableSlotViewSet(RecordsViewSet):
    name = "portal_timetable_slots"
    model = TimetableSlot
    icon = "time"
    menu_order = 600
    list_display = ["school_class", "weekday", "starts_at", "ends_at", "subject", "room"]
    list_select_related = ["school_class", "subject"]
    filterset_class = _filterset(TimetableSlot, "weekday")
    search_fields = ["school_class__name", "teacher", "room"]
    edit_handler = ObjectList(
        [
            FieldPanel("school_class"),
            FieldRowPanel([FieldPanel("weekday"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("subject"),
            FieldRowPanel([FieldPanel("teacher"), FieldPanel("room")]),
            FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_until")]),
        ],
        base_form_class=ClassScopedForm,
    )


class SemesterPublicationViewSet(RecordsViewSet):
    name = "portal_semester_publications"
    model = SemesterPublication
    icon = "tick"
    menu_order = 700
    list_display = ["school_class", "semester", "published_at", "published_by"]
    list_select_related = ["school_class", "published_by"]
    filterset_class = _filterset(SemesterPublication, "semester")
    search_fields = ["school_class__name"]
    form_fields = ["semester"]


class SubjectCoefficientViewSet(RecordsViewSet):
    name = "portal_subject_coefficients"
    model = SubjectCoefficient
    icon = "cogs"
    menu_order = 800
    list_display = ["level", "track", "subject", "coefficient"]
    list_select_related = ["level", "track", "subject"]
    list_filter = ["level", "track"]
    form_fields = ["level", "track", "subject", "coefficient"]


VIEWSETS = [
    MarkViewSet,
    AbsenceViewSet,
    AssessmentViewSet,
    TimetableSlotViewSet,
    SemesterPublicationViewSet,
    SubjectCoefficientViewSet,
]
