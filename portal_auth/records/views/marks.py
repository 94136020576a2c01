"""The marks page: a semester's continuous-assessment and exam tables, and the chart.

Nothing of a semester shows until staff publish it for the pupil's class; the page then says
"not published yet" without hinting at any mark.
"""

from __future__ import annotations

from django.utils.translation import get_language_bidi
from django.views.generic import TemplateView

from ...models.marks import CONTINUOUS_COMPONENTS, EXAM_COMPONENTS, Semester
from ...schools.pupil_space import PupilSpaceMixin
from ..charts import subject_averages_chart
from ..grading import annual_average, semester_reports
from ..publication import published_semesters


class MarksView(PupilSpaceMixin, TemplateView):
    template_name = "portal_auth/spaces/marks.html"

    def get_semester(self) -> int:
        try:
            semester = int(self.request.GET.get("semester", "1"))
        except ValueError:
            semester = 1
        return semester if semester in Semester.values else 1

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        semester = self.get_semester()
        published = published_semesters(self.school_class)
        report = None
        annual = None
        if self.school_class is not None and semester in published:
            report = semester_reports(self.school_class, semester, [self.pupil.pk])[self.pupil.pk]
            if published >= {1, 2}:
                other = semester_reports(self.school_class, 3 - semester, [self.pupil.pk])
                averages = {semester: report.average, 3 - semester: other[self.pupil.pk].average}
                annual = annual_average(averages[1], averages[2])
        context.update(
            semester=semester,
            semesters=Semester.choices,
            published=semester in published,
            report=report,
            annual_average=annual,
            chart=subject_averages_chart(report, get_language_bidi()) if report else "",
            continuous_headers=[c.label for c in CONTINUOUS_COMPONENTS],
            exam_headers=[c.label for c in EXAM_COMPONENTS],
        )
        return context
