"""The landing page after sign-in: the pupil's space or the guardian's space with the switcher.

Each space shows the shown pupil's overview (today's timetable, next tests, latest marks,
absences); a guardian's reads the selected child with ``portal_auth.schools.child_switch.get_active_pupil``.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from ...accounts.forms import SwitchChildForm
from ...models import Guardian, Pupil
from ...schools.child_switch import get_active_pupil, set_active_pupil, visible_pupils
from ...schools.scoping import is_staff_member
from ..overview import overview


class AccountHomeView(LoginRequiredMixin, TemplateView):
    def get_template_names(self) -> list[str]:
        return [f"portal_auth/home_{self.kind}.html"]

    def get(self, request, *args, **kwargs):
        user = request.user
        self.pupil = Pupil.objects.filter(user=user).first()
        self.guardian = Guardian.objects.filter(user=user).first()
        if self.pupil:
            self.kind = "pupil"
        elif self.guardian:
            self.kind = "guardian"
        elif is_staff_member(user):
            return redirect("wagtailadmin_home")
        else:
            self.kind = "none"
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kind == "pupil":
            context["pupil"] = self.pupil
            context["enrolment"] = self.pupil.enrolment_for()
        elif self.kind == "guardian":
            active = get_active_pupil(self.request)
            context.update(
                guardian=self.guardian,
                children=list(visible_pupils(self.request)),
                active_pupil=active,
                enrolment=active.enrolment_for() if active else None,
            )
        if self.kind in ("pupil", "guardian"):
            # Today's timetable, next tests, latest marks, absences, the shelf.
            shown = self.pupil if self.kind == "pupil" else context["active_pupil"]
            if shown is not None:
                context["overview"] = overview(shown, context["enrolment"], self.request)
        return context


class SwitchChildView(LoginRequiredMixin, View):
    """POST a child's id: selects it if this account may see it, 404 otherwise."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SwitchChildForm(request.POST)
        if not form.is_valid() or set_active_pupil(request, form.cleaned_data["pupil"]) is None:
            raise Http404
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("portal_auth:home")
        return HttpResponseRedirect(target)
