"""Staff screens (Wagtail admin): import marks, a timetable or absences — one screen each, on
the generic ``staff.imports.ImportView``, each with its own form; the index lists the three.

The worker checks the file as the uploader and, once confirmed, imports it as the confirming
staff member, each target looked up again in that person's scope (``importers/runs.py``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from catalog.models import Subject

from ...models import ImportRun, Semester
from ...schools.permissions import MANAGE
from ...schools.scoping import classes_for_staff
from ...staff.imports import ImportForm, ImportView, SchoolImportForm
from ..permissions import semester_publication_policy
from .marks import RecordsStaffPage

Kind = ImportRun.Kind


class MarksImportForm(ImportForm):
    school_class = forms.ModelChoiceField(label=gettext_lazy("Class"), queryset=None)
    subject = forms.ModelChoiceField(label=gettext_lazy("Subject"), queryset=Subject.objects.all())
    semester = forms.TypedChoiceField(
        label=gettext_lazy("Semester"), choices=Semester.choices, coerce=int
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["school_class"].queryset = classes_for_staff(
            user, RecordsStaffPage.capability
        ).select_related("school", "level")

    def place(self):
        return self.cleaned_data["school_class"].school

    def targets(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "class": data["school_class"].pk,
            "subject": data["subject"].pk,
            "semester": data["semester"],
        }


class TimetableImportForm(SchoolImportForm):
    effective_from = forms.DateField(
        label=gettext_lazy("Applies from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: the file's column, else today."),
    )

    def targets(self) -> dict[str, Any]:
        start = self.cleaned_data.get("effective_from")
        return {"from": start.isoformat()} if start else {}


class RecordsImportView(ImportView):
    """For the roles that manage a school's records (the records' policy, as every records page)."""

    permission_policy = semester_publication_policy
    permission_required = MANAGE

    def may_import(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, MANAGE)


class ImportMarksView(RecordsImportView):
    kind = Kind.MARKS
    form_class = MarksImportForm
    page_title = gettext_lazy("Import marks")
    help_text = gettext_lazy(
        "Massar's sheet for one class, subject and semester: Massar code, name, test 1–4, "
        "integrated activities (12,5 or 12.5; abs for absent; exempt). The title rows above "
        "the header row are skipped."
    )


class ImportTimetableView(RecordsImportView):
    kind = Kind.TIMETABLE
    form_class = TimetableImportForm
    page_title = gettext_lazy("Import a timetable")
    help_text = gettext_lazy(
        "One row per weekly slot: class, day, start, end, subject, teacher, room."
    )


class ImportAbsencesView(RecordsImportView):
    kind = Kind.ABSENCES
    form_class = SchoolImportForm
    page_title = gettext_lazy("Import absences")
    help_text = gettext_lazy(
        "Massar code, date (day first: 03/12/2026), period, hours, justified, reason."
    )


VIEWS = {
    Kind.MARKS: ImportMarksView,
    Kind.TIMETABLE: ImportTimetableView,
    Kind.ABSENCES: ImportAbsencesView,
}


class ImportRecordsView(RecordsStaffPage):
    """The three record imports, each with its own screen."""

    page_title = gettext_lazy("Import marks, timetables or absences")
    template_name = "portal_auth/staff/import_records.html"
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [
            (
                view.page_title,
                view.help_text,
                reverse("portal_auth_records:import_kind", args=[kind]),
            )
            for kind, view in VIEWS.items()
        ]
        return context


VIEW_FUNCTIONS = {kind: view.as_view() for kind, view in VIEWS.items()}


def import_kind_view(request, kind: str):
    """``…/records/import/<kind>/``: the screen of one record import."""
    if kind not in VIEW_FUNCTIONS:
        raise Http404
    return VIEW_FUNCTIONS[kind](request)
