"""The pupil's "to do" list (with the done mark) and the guardian's view of each child's.

Signed-out visitors are sent to the portal's sign-in; accounts that are neither a pupil nor a
guardian get a 404, as does marking an assignment that is not one of the pupil's, or reporting a
place in a recording that is not in one of the pupil's assignments.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from catalog.models import ResourcePage

from ..audience import children_of, own_pupil
from ..due_dates import format_due, relative_due
from ..progress import NotYourAssignment, set_done, todo_for
from ..resume import PositionRefused, record_position


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


class PositionView(View):
    """POST ``seconds``: where the pupil is in an assigned recording (sent by the page's script
    on pause, at the end, every 30 s and when the page is left). 204, or 404 when nothing is
    kept for this account and page, 400 for a time outside the recording."""

    http_method_names = ["post"]

    def post(self, request, page_id: int):
        page = ResourcePage.objects.live().filter(pk=page_id).select_related("media_asset").first()
        value = request.POST.get("seconds", "").strip()
        if page is None:
            raise Http404
        try:
            recorded = record_position(request.user, page, int(value) if value.isdigit() else -1)
        except PositionRefused:
            return HttpResponseBadRequest()
        if not recorded:
            raise Http404
        return HttpResponse(status=204)
