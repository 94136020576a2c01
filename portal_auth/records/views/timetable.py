"""The class's week as it applies on a date (today by default, ``?date=`` to look ahead)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from ...models import TimetableSlot, Weekday
from ...schools.pupil_space import PupilSpaceMixin


def week_for(school_class, day: datetime.date) -> list[tuple[str, list[TimetableSlot]]]:
    """(weekday name, slots) for the days that have slots, one query."""
    slots = (
        TimetableSlot.objects.filter(school_class=school_class)
        .in_effect_on(day)
        .select_related("subject")
        .order_by("weekday", "starts_at")
    )
    days: dict[int, list[TimetableSlot]] = {}
    for slot in slots:
        days.setdefault(slot.weekday, []).append(slot)
    return [(Weekday(n).label, days[n]) for n in sorted(days)]


class TimetableView(PupilSpaceMixin, TemplateView):
    template_name = "portal_auth/spaces/timetable.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            day = datetime.date.fromisoformat(self.request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        context.update(
            day=day,
            week=week_for(self.school_class, day) if self.school_class else [],
            today_weekday=day.isoweekday(),
        )
        return context
