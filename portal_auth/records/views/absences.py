"""A pupil's absences this school year with totals per month and per semester."""

from __future__ import annotations

from django.views.generic import TemplateView

from ...models import Absence
from ...schools.pupil_space import PupilSpaceMixin
from ..attendance import totals


class AbsencesView(PupilSpaceMixin, TemplateView):
    template_name = "portal_auth/spaces/absences.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        absences = []
        months, semesters = {}, {}
        if self.enrolment is not None:
            year = self.enrolment.year
            absences = list(
                Absence.objects.filter(
                    pupil=self.pupil, date__gte=year.starts_on, date__lte=year.ends_on
                ).order_by("-date", "period")
            )
            months, semesters = totals(absences, year)
        context.update(absences=absences, months=months, semester_totals=semesters)
        return context
