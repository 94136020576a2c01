"""Importing pupils from the admin: upload → dry-run preview → confirm, for one school in scope.

Between the preview and the confirmation the file waits in a private folder under a random name
(``MEDIA_ROOT/private/imports``, never served) that only this user's session knows; it is deleted
once imported.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import security_log
from ..conf import portal_setting
from ..importers.pupils import import_pupils
from ..models import SecurityEvent
from ..scoping import Capability, schools_for_staff
from .access import forbidden
from .views import StaffPage

SESSION_KEY = "portal_pending_import"


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "private" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


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

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm(user=request.user)))

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm"):
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        school = form.cleaned_data["school"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = import_pupils(school, data, upload.name, dry_run=True)
        context = self.get_context_data(form=form, report=report, school=school)
        if report.ok:
            token = secrets.token_urlsafe(24)
            (_pending_dir() / token).write_bytes(data)
            self._discard_pending(request)
            request.session[SESSION_KEY] = {
                "token": token,
                "school": school.pk,
                "name": upload.name[:100],
            }
            context["token"] = token
        return self.render_to_response(context)

    def _discard_pending(self, request) -> None:
        pending = request.session.pop(SESSION_KEY, None)
        if pending:
            (_pending_dir() / pending["token"]).unlink(missing_ok=True)

    def _confirm(self, request):
        pending = request.session.get(SESSION_KEY)
        if not pending or not secrets.compare_digest(
            pending["token"], request.POST.get("token", "")
        ):
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("portal_auth_staff:import")
        school = (
            schools_for_staff(request.user, Capability.MANAGE_ACCOUNTS)
            .filter(pk=pending["school"])
            .first()
        )
        path = _pending_dir() / pending["token"]
        if school is None or not path.exists():
            self._discard_pending(request)
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("portal_auth_staff:import")
        report = import_pupils(school, path.read_bytes(), pending["name"], dry_run=False)
        self._discard_pending(request)
        if report.written:
            security_log.record(
                SecurityEvent.Kind.IMPORT,
                request=request,
                school=school,
                detail=f"{pending['name']}: {report.summary()}",
            )
            messages.success(request, report.summary())
            return redirect("portal_auth_staff:pupils")
        return self.render_to_response(
            self.get_context_data(form=ImportForm(user=request.user), report=report, school=school)
        )
