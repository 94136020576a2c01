"""Every staff import screen: one view, upload → (the worker checks) → preview → confirm.

``ImportView`` takes the file of one kind with the form of that kind (only its own fields),
stores it with its ``ImportRun`` on the shared storage and hands the check to the worker; the
run's page (``import_status.ImportRunView``) shows the preview and the confirm. Nothing is read
in the web process. Each screen offers its template file (CSV or XLSX, Arabic or French headers,
``ImportTemplateView``). The pupils and school-directors screens are here; the records' three
(marks, timetable, absences) are in ``records/staff/imports.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from library.imports.headers import labels
from library.imports.template_files import FORMATS, template_file

from .. import tasks
from ..conf import portal_setting
from ..importers import runs
from ..importers.template_columns import TEMPLATE_COLUMNS
from ..models import Academy, ImportRun, School
from ..schools.scoping import Capability, academies_for_staff, is_staff_member, schools_for_staff
from ..schools.staff_access import StaffAccessMixin
from .import_status import recent_runs
from .views import StaffPage

TEMPLATE_LANGUAGES = (("ar", "العربية"), ("fr", "Français"))


class ImportForm(forms.Form):
    """The file; a kind's form adds where its rows belong (``place``) and its ``targets``."""

    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The file comes last, after what it is for.
        self.order_fields([name for name in self.fields if name != "file"] + ["file"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > portal_setting("IMPORT_MAX_BYTES"):
            raise forms.ValidationError(_("The file is too large."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        return upload

    def place(self) -> School | Academy:
        return self.cleaned_data["school"]

    def targets(self) -> dict[str, Any]:
        return {}


class SchoolImportForm(ImportForm):
    school = forms.ModelChoiceField(queryset=None, label=gettext_lazy("School"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["school"].queryset = schools_for_staff(user, runs.MANAGE_IMPORTS)


class DirectorsImportForm(ImportForm):
    academy = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Academy"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["academy"].queryset = academies_for_staff(user, runs.MANAGE_DIRECTORS)

    def place(self) -> Academy:
        return self.cleaned_data["academy"]


class ImportView(StaffPage):
    """Upload one file of ``kind``; a subclass names its form, its title and its help."""

    kind: str = ""
    form_class: type[ImportForm] = SchoolImportForm
    template_name = "portal_auth/staff/import.html"
    header_icon = "upload"
    help_text = ""

    def may_import(self) -> bool:
        return schools_for_staff(self.request.user, runs.MANAGE_IMPORTS).exists()

    def user_may_enter(self, user) -> bool:
        return self.may_import()

    def make_form(self, data=None, files=None) -> ImportForm:
        return self.form_class(data, files, user=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        context = super().get_context_data(**kwargs)
        context.update(
            kind=self.kind,
            help_text=self.help_text,
            columns=list(
                zip(
                    labels(TEMPLATE_COLUMNS[self.kind], "ar"),
                    labels(TEMPLATE_COLUMNS[self.kind], "fr"),
                    strict=True,
                )
            ),
            templates=[
                (
                    name,
                    file_format.upper(),
                    reverse("portal_auth_staff:import_template", args=[self.kind, file_format])
                    + f"?lang={code}",
                )
                for code, name in TEMPLATE_LANGUAGES
                for file_format in FORMATS
            ],
            recent_runs=recent_runs(self.request.user, [self.kind]),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        run = runs.start_run(
            request.user,
            form.place(),
            self.kind,
            upload.name,
            upload.read(),
            targets=form.targets(),
        )
        tasks.enqueue_check(run.pk)
        return redirect("portal_auth_staff:import_run", pk=run.pk)


class ImportPupilsView(ImportView):
    kind = ImportRun.Kind.PUPILS
    page_title = gettext_lazy("Import pupils and guardians")
    help_text = gettext_lazy(
        "Required: Massar code, a name and the class. Optional: birth date, level and track "
        "for new classes, guardian CIN, names, phone and relationship; a second guardian's "
        "columns end in 2. Title rows above the header row are skipped."
    )


class ImportDirectorsView(ImportView):
    kind = ImportRun.Kind.DIRECTORS
    form_class = DirectorsImportForm
    page_title = gettext_lazy("Import school directors")
    header_icon = "user"
    help_text = gettext_lazy(
        "One row per school: the director's full name, the school's code and the director's "
        "official e-mail address. The e-book is sent to these addresses."
    )

    def may_import(self) -> bool:
        return academies_for_staff(self.request.user, Capability.MANAGE_DIRECTORS).exists()


class ImportTemplateView(StaffAccessMixin, View):
    """``…/import/template/<kind>/<format>/?lang=ar|fr``: the kind's empty template file."""

    def user_may_enter(self, user) -> bool:
        return is_staff_member(user)

    def get(self, request, kind: str, file_format: str):
        if kind not in TEMPLATE_COLUMNS or file_format not in FORMATS:
            raise Http404
        language = request.GET.get("lang", "ar")
        language = language if language in dict(TEMPLATE_LANGUAGES) else "ar"
        data = template_file(
            labels(TEMPLATE_COLUMNS[kind], language),
            file_format,
            right_to_left=language == "ar",
        )
        response = HttpResponse(data, content_type=FORMATS[file_format])
        name = f"maktaba-{kind}-{language}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


VIEW_FUNCTIONS = {
    ImportRun.Kind.PUPILS: ImportPupilsView.as_view(),
    ImportRun.Kind.DIRECTORS: ImportDirectorsView.as_view(),
}


def import_kind_view(request, kind: str):
    """``…/import/<kind>/``: the screen of the pupils or school-directors import."""
    if kind not in VIEW_FUNCTIONS:
        raise Http404
    return VIEW_FUNCTIONS[kind](request)
