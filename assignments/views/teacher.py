"""A teacher's assignments: list, set, edit, postpone, withdraw, and each one's progress.

Signed-out visitors are sent to the staff sign-in; accounts without a teacher role get a 404, as
does an assignment that is not theirs (or, for progress, of none of the classes they teach).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from .. import assigning, exports
from ..audience import classes_taught, is_teacher
from ..due_dates import format_due, relative_due
from ..forms import AssignmentForm, PostponeForm
from ..models import Assignment
from ..progress import Status, class_progress, visible_classes


class TeacherView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not is_teacher(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def own(self, pk: int) -> Assignment:
        assignment = Assignment.objects.filter(pk=pk, teacher=self.request.user).first()
        if assignment is None:
            raise Http404
        return assignment


class AssignmentListView(TeacherView):
    def get(self, request):
        today = timezone.localdate()
        assignments = (
            Assignment.objects.filter(teacher=request.user)
            .prefetch_related("classes", "resources")
            .order_by("-due_on", "-pk")
        )
        rows = [
            {
                "assignment": a,
                "due": format_due(a.due_on),
                "relative": relative_due(a.due_on, today),
                "active": a.state == Assignment.State.ACTIVE,
            }
            for a in assignments
        ]
        return TemplateResponse(
            request,
            "assignments/teacher_list.html",
            {"rows": rows, "has_classes": classes_taught(request.user).exists()},
        )


class AssignmentFormView(TeacherView):
    """Set (no ``pk``) or edit an assignment. The "Find" button re-shows the form with the
    search's resources, so choosing resources needs no JavaScript."""

    def assignment(self, pk: int | None) -> Assignment | None:
        if pk is None:
            return None
        assignment = self.own(pk)
        if assignment.state != Assignment.State.ACTIVE:
            raise Http404
        return assignment

    def render(self, form: AssignmentForm, warned: bool = False):
        return TemplateResponse(
            self.request,
            "assignments/teacher_form.html",
            {
                "form": form,
                "assignment": form.assignment,
                "chosen": form.chosen_resources(),
                "found": form.found_resources(),
                "warned": warned or bool(form.data.get("confirm_non_school_day")),
            },
        )

    def get(self, request, pk: int | None = None):
        return self.render(
            AssignmentForm(classes=classes_taught(request.user), assignment=self.assignment(pk))
        )

    def post(self, request, pk: int | None = None):
        assignment = self.assignment(pk)
        form = AssignmentForm(
            request.POST, classes=classes_taught(request.user), assignment=assignment
        )
        if "find" in request.POST or not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        fields = {
            "classes": data["classes"],
            "resources": data["resources"],
            "due_on": data["due_on"],
            "instructions": data["instructions"],
            "confirm_non_school_day": data["confirm_non_school_day"],
        }
        try:
            if assignment is None:
                assigning.create_assignment(request.user, **fields)
                messages.success(request, gettext("The assignment is set."))
            else:
                assigning.edit_assignment(assignment, request.user, **fields)
                messages.success(request, gettext("The assignment is saved."))
        except assigning.AssignmentRefused as refused:
            form.add_error(None, refused.message)
            return self.render(form, warned=isinstance(refused, assigning.DueDateNotSchoolDay))
        return redirect("assignments:teacher_list")


class PostponeView(TeacherView):
    def render(self, assignment: Assignment, form: PostponeForm, warned: bool = False):
        return TemplateResponse(
            self.request,
            "assignments/teacher_postpone.html",
            {
                "assignment": assignment,
                "form": form,
                "due": format_due(assignment.due_on),
                "warned": warned,
            },
        )

    def get(self, request, pk: int):
        assignment = self.own(pk)
        return self.render(assignment, PostponeForm(initial={"due_on": assignment.due_on}))

    def post(self, request, pk: int):
        assignment = self.own(pk)
        form = PostponeForm(request.POST)
        if not form.is_valid():
            return self.render(assignment, form)
        try:
            assigning.postpone(
                assignment,
                request.user,
                form.cleaned_data["due_on"],
                confirm_non_school_day=form.cleaned_data["confirm_non_school_day"],
            )
        except assigning.AssignmentRefused as refused:
            form.add_error(None, refused.message)
            return self.render(
                assignment, form, warned=isinstance(refused, assigning.DueDateNotSchoolDay)
            )
        messages.success(request, gettext("The assignment is postponed."))
        return redirect("assignments:teacher_list")


class WithdrawView(TeacherView):
    """GET asks to confirm (a withdrawal cannot be undone), POST withdraws."""

    def get(self, request, pk: int):
        assignment = self.own(pk)
        if assignment.state != Assignment.State.ACTIVE:
            raise Http404
        return TemplateResponse(
            request,
            "assignments/teacher_withdraw.html",
            {"assignment": assignment, "due": format_due(assignment.due_on)},
        )

    def post(self, request, pk: int):
        try:
            assigning.withdraw(self.own(pk), request.user)
        except assigning.AssignmentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, gettext("The assignment is withdrawn: pupils no longer see it.")
            )
        return redirect("assignments:teacher_list")


class ProgressView(TeacherView):
    """Who opened, who finished, who has not started: the classes the teacher teaches only."""

    def readable(self, pk: int) -> Assignment:
        assignment = Assignment.objects.filter(pk=pk).first()
        if assignment is None or not visible_classes(self.request.user, assignment):
            raise Http404
        return assignment

    def get(self, request, pk: int):
        assignment = self.readable(pk)
        rows = class_progress(request.user, assignment)
        counts = {status: sum(1 for r in rows if r.status == status) for status in Status}
        return TemplateResponse(
            request,
            "assignments/teacher_progress.html",
            {
                "assignment": assignment,
                "rows": [(row, exports.status_label(row.status)) for row in rows],
                "done": counts[Status.DONE],
                "opened": counts[Status.OPENED],
                "not_started": counts[Status.NOT_STARTED],
                "due": format_due(assignment.due_on),
            },
        )


class ProgressExportView(ProgressView):
    TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, pk: int, fmt: str):
        if fmt not in self.TYPES:
            raise Http404
        assignment = self.readable(pk)
        rows = class_progress(request.user, assignment)
        body = exports.as_csv(rows) if fmt == "csv" else exports.as_xlsx(rows)
        response = HttpResponse(body, content_type=self.TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="assignment-{assignment.pk}-progress.{fmt}"'
        )
        response["Cache-Control"] = "no-store"
        return response
