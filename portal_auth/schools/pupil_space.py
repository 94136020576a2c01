"""What every page of the pupil and guardian spaces shares: whose record is being looked at.

A pupil account looks at itself; a guardian account at the child selected with the switcher
(``child_switch``). Anyone else gets a 404, so a page never reveals that a record exists.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from ..models import Enrolment, Guardian, Pupil
from .child_switch import get_active_pupil, visible_pupils


class PupilSpaceMixin(LoginRequiredMixin):
    """Sets ``self.pupil``, ``self.enrolment``, ``self.school_class`` and ``self.children``."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        own = Pupil.objects.filter(user=request.user).first()
        self.children: list[Pupil] = []
        self.guardian = None
        if own is not None:
            self.pupil = own
        else:
            self.guardian = Guardian.objects.filter(user=request.user).first()
            if self.guardian is None:
                raise Http404
            self.children = list(visible_pupils(request))
            self.pupil = get_active_pupil(request)
            if self.pupil is None:
                raise Http404
        self.enrolment: Enrolment | None = self.pupil.enrolment_for()
        self.school_class = self.enrolment.school_class if self.enrolment else None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            pupil=self.pupil,
            enrolment=self.enrolment,
            school_class=self.school_class,
            children=self.children,
            active_pupil=self.pupil,
            guardian=self.guardian,
        )
        return context
