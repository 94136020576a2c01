"""The page of one staff import run: its progress, the check's preview and errors, the confirm.

It reloads itself (a meta refresh, and a link) while the worker is busy, so it works without
JavaScript. Only staff who may import for the run's school see it; anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tasks
from ..conf import portal_setting
from ..importers import runs
from ..models import ImportRun
from ..schools.scoping import schools_for_staff
from ..schools.staff_access import forbidden
from .views import StaffPage


def upload_url(run: ImportRun) -> str:
    """Where to upload another file of the run's kind."""
    if run.kind == ImportRun.Kind.PUPILS:
        return reverse("portal_auth_staff:import")
    return reverse("portal_auth_records:import")


def recent_runs(user, kinds: list[str], count: int = 10) -> list[ImportRun]:
    """The latest runs of these kinds in ``user``'s schools (for the upload pages)."""
    return list(
        runs.runs_for_staff(user)
        .filter(kind__in=kinds)
        .select_related("school")
        .order_by("-created_at")[:count]
    )


class ImportRunView(StaffPage):
    page_title = gettext_lazy("Import")
    template_name = "portal_auth/staff/import_run.html"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not schools_for_staff(request.user, runs.MANAGE_IMPORTS).exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_run(self) -> ImportRun:
        run = (
            runs.runs_for_staff(self.request.user)
            .select_related("school")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if run is None:
            raise Http404
        return run

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.get_run()
        context.update(
            run=run,
            report=runs.report_of(run),
            refresh_seconds=int(portal_setting("IMPORT_REFRESH_SECONDS")),
            upload_url=upload_url(run),
            pupils_url=reverse("portal_auth_staff:pupils"),
        )
        return context

    def post(self, request, *args, **kwargs):
        run = self.get_run()
        if not request.POST.get("confirm"):
            return HttpResponseRedirect(request.path)
        if runs.confirm_run(run, request.user):
            tasks.enqueue_write(run.pk)
        elif run.status == ImportRun.Status.FAILED and run.reason == ImportRun.Reason.EXPIRED:
            messages.error(request, _("This preview has expired; upload the file again."))
        elif run.status != ImportRun.Status.PREVIEWED:
            messages.info(request, _("This import was already confirmed."))
        return HttpResponseRedirect(request.path)
