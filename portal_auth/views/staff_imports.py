"""Staff upload of marks, timetables or absences: a dry-run preview, then confirm.

The uploaded file is kept in a private temporary folder under a random name remembered in the
session, so "confirm" imports exactly the file that was previewed; nothing is written before.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from catalog.models import Subject

from .. import security_log
from ..conf import portal_setting
from ..importers.absences import import_absences
from ..importers.cells import ImportReport
from ..importers.marks import import_marks
from ..importers.timetable import import_timetable
from ..models import SecurityEvent, Semester
from ..scoping import schools_for_staff
from .staff_marks import StaffRequiredMixin

SESSION_KEY = "portal_pending_import"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "maktaba-imports"


class ImportForm(forms.Form):
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
        label=gettext_lazy("Semester (marks)"), choices=Semester.choices, coerce=int, required=False
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


class ImportUploadView(StaffRequiredMixin, FormView):
    template_name = "portal_auth/staff/import_records.html"
    form_class = ImportForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            classes=self.managed_classes(),
            schools=schools_for_staff(self.request.user, self.capability),
        )
        return kwargs

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm"):
            return self.confirm()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        params = {
            "kind": form.cleaned_data["kind"],
            "filename": Path(upload.name).name,
            "class": getattr(form.cleaned_data.get("school_class"), "pk", None),
            "subject": getattr(form.cleaned_data.get("subject"), "pk", None),
            "semester": form.cleaned_data.get("semester"),
            "school": getattr(form.cleaned_data.get("school"), "pk", None),
            "from": (
                form.cleaned_data["effective_from"].isoformat()
                if form.cleaned_data.get("effective_from")
                else None
            ),
        }
        report = self.run(params, data, dry_run=True)
        if report.ok:
            UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
            name = secrets.token_hex(16)
            (UPLOAD_DIR / name).write_bytes(data)
            self.request.session[SESSION_KEY] = params | {"file": name}
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def confirm(self):
        params = self.request.session.pop(SESSION_KEY, None)
        path = UPLOAD_DIR / params["file"] if params and params["file"].isalnum() else None
        if path is None or not path.exists():
            messages.error(self.request, _("The preview expired: upload the file again."))
            return HttpResponseRedirect(reverse("portal_auth:staff_import"))
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        report = self.run(params, data, dry_run=False)
        if report.ok:
            security_log.record(
                SecurityEvent.Kind.IMPORT,
                request=self.request,
                detail=f"{params['kind']} {params['filename']}: {report.summary()}",
            )
            messages.success(self.request, _("Imported. ") + report.summary())
            return HttpResponseRedirect(reverse("portal_auth:staff_import"))
        return self.render_to_response(self.get_context_data(report=report))

    def run(self, params: dict, data: bytes, *, dry_run: bool) -> ImportReport:
        """Re-resolves every target inside the user's scope (the session is not trusted)."""
        import datetime

        if params["kind"] == "marks":
            school_class = self.managed_classes().filter(pk=params["class"]).first()
            subject = Subject.objects.filter(pk=params["subject"]).first()
            if school_class is None or subject is None:
                return ImportReport(dry_run, errors=[_("Choose a class and a subject.")])
            return import_marks(
                school_class, subject, params["semester"], data, params["filename"], dry_run=dry_run
            )
        school = (
            schools_for_staff(self.request.user, self.capability)
            .filter(pk=params["school"])
            .first()
        )
        if school is None:
            return ImportReport(dry_run, errors=[_("Choose the school.")])
        if params["kind"] == "timetable":
            start = datetime.date.fromisoformat(params["from"]) if params["from"] else None
            return import_timetable(
                school, data, params["filename"], effective_from=start, dry_run=dry_run
            )
        return import_absences(
            school, data, params["filename"], dry_run=dry_run, user=self.request.user
        )
