"""Account pages, mounted at ``/account/`` inside the language prefixes."""

from django.urls import path

from .urls_requests import urlpatterns as requests_urlpatterns
from .views import (
    absences,
    activation,
    calendar,
    marks,
    personal_data,
    sign_in,
    spaces,
    timetable,
)

app_name = "portal_auth"

urlpatterns = [
    path("", spaces.AccountHomeView.as_view(), name="home"),
    path("sign-in/", sign_in.SignInView.as_view(), name="login"),
    path("sign-out/", sign_in.SignOutView.as_view(), name="logout"),
    path("activate/pupil/", activation.PupilActivationView.as_view(), name="activate_pupil"),
    path(
        "activate/guardian/", activation.GuardianActivationView.as_view(), name="activate_guardian"
    ),
    path(
        "activate/guardian/existing/",
        activation.ExistingAccountAddChildView.as_view(),
        name="activate_guardian_existing",
    ),
    path("children/add/", activation.AddChildView.as_view(), name="add_child"),
    path("children/switch/", spaces.SwitchChildView.as_view(), name="switch_child"),
    # Pupil and guardian spaces
    path("marks/", marks.MarksView.as_view(), name="marks"),
    path("timetable/", timetable.TimetableView.as_view(), name="timetable"),
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/feed/<str:token>.ics",
        calendar.CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
    path("absences/", absences.AbsencesView.as_view(), name="absences"),
    path("my-data/", personal_data.MyDataView.as_view(), name="my_data"),
    path("my-data/download/", personal_data.MyDataDownloadView.as_view(), name="my_data_download"),
    path("password/reset/", sign_in.EmailPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        sign_in.EmailPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        sign_in.EmailPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        sign_in.EmailPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns += requests_urlpatterns  # requests, messages, notifications
