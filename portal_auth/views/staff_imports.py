"""Staff screen (Wagtail admin): import marks, timetables or absences — preview, then confirm.

The uploaded file waits in a private folder (``MEDIA_ROOT/private/imports``, never served)
under a random name that only this user's session knows, so "confirm" imports exactly the file
that was previewed; nothing is written before. Every target is looked up again inside the
user's scope on confirmation (the session is not trusted for that).
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Subject

from .. import security_log
from ..conf import portal_setting
from ..importers.absences import import_absences
from ..importers.cells import ImportReport
from ..importers.marks import import_marks
from ..importers.timetable import import_timetable
from ..models import SecurityEvent, Semester
from ..scoping import schools_for_staff
from ..staff.views import StaffPage
from .staff_marks import ManagesRecordsMixin

SESSION_KEY = "portal_pending_records_import"


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "private" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


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


class ImportRecordsView(ManagesRecordsMixin, StaffPage):
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
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm"):
            return self.confirm()
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read()
        params = {
            "kind": form.cleaned_data["kind"],
            "filename": Path(upload.name).name[:100],
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
            name = secrets.token_hex(16)
            (_pending_dir() / name).write_bytes(data)
            request.session[SESSION_KEY] = params | {"file": name}
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def confirm(self):
        params = self.request.session.pop(SESSION_KEY, None)
        path = _pending_dir() / params["file"] if params and params["file"].isalnum() else None
        if path is None or not path.exists():
            messages.error(self.request, _("The preview expired: upload the file again."))
            return HttpResponseRedirect(reverse("portal_auth_records:import"))
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
            return HttpResponseRedirect(reverse("portal_auth_records:import"))
        return self.render_to_response(self.get_context_data(report=report))

    def run(self, params: dict, data: bytes, *, dry_run: bool) -> ImportReport:
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
