"""The page of one staff import run: its progress, the check's preview and errors, the confirm.

It reloads itself (a meta refresh, and a link) while the worker is busy, so it works without
JavaScript. Only staff who may import for the run's school see it; anyone else gets a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Subject

from .. import tasks
from ..conf import portal_setting
from ..importers import runs
from ..models import ImportRun, SchoolClass, Semester
from ..schools.scoping import academies_for_staff, schools_for_staff
from .views import StaffPage

STAFF_KINDS = (ImportRun.Kind.PUPILS, ImportRun.Kind.DIRECTORS)


def upload_url(run: ImportRun) -> str:
    """Where to upload another file of the run's kind."""
    if run.kind in STAFF_KINDS:
        return reverse("portal_auth_staff:import_kind", args=[run.kind])
    return reverse("portal_auth_records:import_kind", args=[run.kind])


def target_lines(run: ImportRun) -> list[tuple[str, str]]:
    """What the file is for beyond its school, as (label, value): a marks file's class, subject
    and semester, a timetable's first day."""
    targets = run.targets or {}
    lines: list[tuple[str, str]] = []
    if run.kind == ImportRun.Kind.MARKS:
        school_class = SchoolClass.objects.filter(pk=targets.get("class")).first()
        subject = Subject.objects.filter(pk=targets.get("subject")).first()
        semester = targets.get("semester")
        lines = [
            (_("Class"), school_class.name if school_class else "—"),
            (_("Subject"), subject.name if subject else "—"),
            (_("Semester"), str(semester) if semester in Semester.values else "—"),
        ]
    elif run.kind == ImportRun.Kind.TIMETABLE and targets.get("from"):
        start = datetime.date.fromisoformat(targets["from"])
        lines = [(_("Applies from"), date_format(start, "SHORT_DATE_FORMAT"))]
    return lines


def recent_runs(user, kinds: list[str], count: int = 10) -> list[ImportRun]:
    """The latest runs of these kinds in ``user``'s schools (for the upload pages)."""
    return list(
        runs.runs_for_staff(user)
        .filter(kind__in=kinds)
        .select_related("school", "academy")
        .order_by("-created_at")[:count]
    )


class ImportRunView(StaffPage):
    page_title = gettext_lazy("Import")
    template_name = "portal_auth/staff/import_run.html"
    header_icon = "upload"

    def user_may_enter(self, user) -> bool:
        return (
            runs.runs_for_staff(user).exists()
            or schools_for_staff(user, runs.MANAGE_IMPORTS).exists()
            or academies_for_staff(user, runs.MANAGE_DIRECTORS).exists()
        )

    def get_run(self) -> ImportRun:
        run = (
            runs.runs_for_staff(self.request.user)
            .select_related("school", "academy")
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
            target_lines=target_lines(run),
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
