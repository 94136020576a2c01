"""The test and exam calendar, and the pupil's iCalendar feed behind a secret, revocable URL.

The feed needs no login (phone calendars cannot sign in): its URL is the secret. It stops
working when revoked, when its account is disabled, or when that account may no longer see the
pupil (a guardian link removed).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ...models import Assessment, CalendarFeedToken
from ...schools.pupil_space import PupilSpaceMixin
from ...schools.scoping import account_may_see_pupil
from ..icalendar import render_calendar

FEED_PAST_DAYS = 30


def upcoming_assessments(school_class, since: datetime.date, limit: int | None = None):
    qs = (
        Assessment.objects.filter(school_class=school_class, date__gte=since)
        .select_related("subject")
        .order_by("date", "starts_at")
    )
    return list(qs[:limit] if limit else qs)


class CalendarView(PupilSpaceMixin, TemplateView):
    template_name = "portal_auth/spaces/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            assessments=upcoming_assessments(self.school_class, today) if self.school_class else [],
            feeds=CalendarFeedToken.objects.active().filter(
                pupil=self.pupil, created_by=self.request.user
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "create":
            _row, token = CalendarFeedToken.issue(self.pupil, request.user)
            context = self.get_context_data(
                new_feed_url=request.build_absolute_uri(
                    reverse("portal_auth:calendar_feed", kwargs={"token": token})
                )
            )
            return self.render_to_response(context)
        if action == "revoke":
            feed = CalendarFeedToken.objects.active().filter(
                pk=request.POST.get("feed", "0") if request.POST.get("feed", "").isdigit() else 0,
                pupil=self.pupil,
                created_by=request.user,
            )
            feed = feed.first()
            if feed is None:
                raise Http404
            feed.revoke()
            messages.success(request, _("The calendar link was revoked; it no longer works."))
        return HttpResponseRedirect(reverse("portal_auth:calendar"))


class CalendarFeedView(View):
    http_method_names = ["get", "head"]

    def get(self, request, token: str):
        feed = CalendarFeedToken.objects.for_token(token)
        if (
            feed is None
            or not feed.created_by.is_active
            or not account_may_see_pupil(feed.created_by, feed.pupil_id)
        ):
            raise Http404
        enrolment = feed.pupil.enrolment_for()
        assessments = []
        if enrolment is not None:
            since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
            assessments = upcoming_assessments(enrolment.school_class, since)
        body = render_calendar(
            assessments,
            name=_("Tests and exams · %(name)s") % {"name": feed.pupil.full_name},
            host=request.get_host().split(":")[0],
            language=get_language() or "ar",
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="maktaba.ics"'
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response
