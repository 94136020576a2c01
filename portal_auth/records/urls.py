"""The pupil's and the guardian's space: the home page, marks, timetable, calendar, absences."""

from django.urls import path

from .views import absences, calendar, marks, report_cards, spaces, timetable

urlpatterns = [
    path("", spaces.AccountHomeView.as_view(), name="home"),
    path("children/switch/", spaces.SwitchChildView.as_view(), name="switch_child"),
    path("marks/", marks.MarksView.as_view(), name="marks"),
    path(
        "marks/report-card/<int:pupil_id>/<int:semester>/",
        report_cards.ReportCardView.as_view(),
        name="report_card",
    ),
    path("timetable/", timetable.TimetableView.as_view(), name="timetable"),
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/feed/<str:token>.ics",
        calendar.CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
    path("absences/", absences.AbsencesView.as_view(), name="absences"),
]
