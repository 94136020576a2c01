"""Importing pupils from the admin: upload, then the run's page shows the check and the confirm.

The file is stored on the shared storage with its ``ImportRun`` and checked by the worker
(``portal_auth/importers/runs.py``); nothing is read in the web process.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tasks
from ..conf import portal_setting
from ..importers import runs
from ..models import ImportRun
from ..schools.scoping import Capability, schools_for_staff
from ..schools.staff_access import forbidden
from .import_status import recent_runs
from .views import StaffPage


class ImportForm(forms.Form):
    school = forms.ModelChoiceField(queryset=None, label=gettext_lazy("School"))
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for_staff(user, Capability.MANAGE_ACCOUNTS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > portal_setting("IMPORT_MAX_BYTES"):
            raise forms.ValidationError(_("The file is too large."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        return upload


class ImportPupilsView(StaffPage):
    page_title = gettext_lazy("Import pupils and guardians")
    template_name = "portal_auth/staff/import.html"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not schools_for_staff(request.user, Capability.MANAGE_ACCOUNTS).exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_runs"] = recent_runs(self.request.user, [ImportRun.Kind.PUPILS])
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm(user=request.user)))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        run = runs.start_run(
            request.user,
            form.cleaned_data["school"],
            ImportRun.Kind.PUPILS,
            upload.name,
            upload.read(),
        )
        tasks.enqueue_check(run.pk)
        return redirect("portal_auth_staff:import_run", pk=run.pk)
