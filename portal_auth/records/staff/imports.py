"""Staff screen (Wagtail admin): import marks, timetables or absences — upload, then the run's
page shows the check and the confirm.

The file is stored on the shared storage with its ``ImportRun``; the worker checks it as the
uploader and, once confirmed, imports it as the confirming staff member, each target looked up
again in that person's scope (``portal_auth/importers/runs.py``).
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Subject

from ... import tasks
from ...conf import portal_setting
from ...importers import runs
from ...models import ImportRun, Semester
from ...schools.scoping import schools_for_staff
from ...staff.import_status import recent_runs
from .marks import RecordsStaffPage


class RecordsImportForm(forms.Form):
    KINDS = [
        ("marks", gettext_lazy("Marks (XLSX from Massar)")),
        ("timetable", gettext_lazy("Timetable (CSV or XLSX)")),
        ("absences", gettext_lazy("Absences (CSV or XLSX)")),
    ]
    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=KINDS)
    file = forms.FileField(label=gettext_lazy("File"))
    school_class = forms.ModelChoiceField(
        label=gettext_lazy("Class (marks)"), queryset=None, required=False
    )
    subject = forms.ModelChoiceField(
        label=gettext_lazy("Subject (marks)"), queryset=Subject.objects.all(), required=False
    )
    semester = forms.TypedChoiceField(
        label=gettext_lazy("Semester (marks)"),
        choices=[("", "—"), *Semester.choices],
        coerce=int,
        required=False,
    )
    school = forms.ModelChoiceField(
        label=gettext_lazy("School (timetable, absences)"), queryset=None, required=False
    )
    effective_from = forms.DateField(
        label=gettext_lazy("Timetable applies from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, classes, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["school"].queryset = schools

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > portal_setting("IMPORT_MAX_BYTES"):
            raise forms.ValidationError(_("The file is too large."))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == "marks":
            for name in ("school_class", "subject", "semester"):
                if not data.get(name):
                    self.add_error(name, _("Choose one for a marks import."))
        elif data.get("kind") and not data.get("school"):
            self.add_error("school", _("Choose the school."))
        return data


class ImportRecordsView(RecordsStaffPage):
    page_title = gettext_lazy("Import marks, timetables or absences")
    template_name = "portal_auth/staff/import_records.html"
    header_icon = "upload"

    def make_form(self, data=None, files=None) -> RecordsImportForm:
        return RecordsImportForm(
            data,
            files,
            classes=self.managed_classes(),
            schools=schools_for_staff(self.request.user, self.capability),
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        context = super().get_context_data(**kwargs)
        context["recent_runs"] = recent_runs(
            self.request.user,
            [ImportRun.Kind.MARKS, ImportRun.Kind.TIMETABLE, ImportRun.Kind.ABSENCES],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        upload = data["file"]
        if data["kind"] == "marks":
            school = data["school_class"].school
            targets = {
                "class": data["school_class"].pk,
                "subject": data["subject"].pk,
                "semester": data["semester"],
            }
        else:
            school = data["school"]
            start = data.get("effective_from") if data["kind"] == "timetable" else None
            targets = {"from": start.isoformat()} if start else {}
        run = runs.start_run(
            request.user, school, data["kind"], upload.name, upload.read(), targets=targets
        )
        tasks.enqueue_check(run.pk)
        return HttpResponseRedirect(reverse("portal_auth_staff:import_run", args=[run.pk]))
