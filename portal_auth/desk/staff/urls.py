"""Staff URLs of requests and messages, mounted by ``desk.staff.hooks`` under ``/admin/requests/``."""

from django.urls import path

from . import views

app_name = "portal_requests_staff"

urlpatterns = [
    path("", views.RequestQueueView.as_view(), name="queue"),
    path("schedule/", views.BulkScheduleView.as_view(), name="bulk_schedule"),
    path("<int:pk>/", views.RequestStaffDetailView.as_view(), name="detail"),
    path("<int:pk>/action/", views.RequestActionView.as_view(), name="action"),
    path("day/", views.DayListView.as_view(), name="day_list"),
    path("messages/", views.ThreadQueueView.as_view(), name="threads"),
    path("messages/<int:pk>/", views.StaffThreadView.as_view(), name="thread"),
    path("hours/", views.OpeningHoursView.as_view(), name="hours"),
]
