"""The pupil's "to do" list (with the done mark) and the guardian's view of each child's.

Signed-out visitors are sent to the portal's sign-in; accounts that are neither a pupil nor a
guardian get a 404, as does marking an assignment that is not one of the pupil's.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ..audience import children_of, own_pupil
from ..due_dates import format_due, relative_due
from ..progress import NotYourAssignment, set_done, todo_for


def _shown(items, today):
    return [
        {
            "item": item,
            "due": format_due(item.assignment.due_on),
            "relative": relative_due(item.assignment.due_on, today),
        }
        for item in items
    ]


class TodoView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal_auth:login"))
        today = timezone.localdate()
        pupil = own_pupil(request.user)
        if pupil is not None:
            return TemplateResponse(
                request,
                "assignments/todo_pupil.html",
                {"pupil": pupil, "items": _shown(todo_for(pupil, today), today)},
            )
        children = children_of(request.user)
        if not children:
            raise Http404
        return TemplateResponse(
            request,
            "assignments/todo_guardian.html",
            {
                "children": [
                    {"pupil": child, "items": _shown(todo_for(child, today), today)}
                    for child in children
                ]
            },
        )


class DoneView(View):
    """POST ``done=1`` to mark an assignment done, ``done=0`` to take the mark back."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        pupil = own_pupil(request.user)
        if pupil is None:
            raise Http404
        try:
            set_done(pupil, pk, request.POST.get("done") == "1")
        except NotYourAssignment:
            raise Http404 from None
        return redirect(f"{reverse('assignments:todo')}#assignment-{pk}")
