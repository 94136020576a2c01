"""The front desk of an account: requests, messages and notifications (included by ``portal_auth.urls``)."""

from django.urls import path

from .views import messages, notifications, requests

urlpatterns = [
    path("requests/", requests.RequestListView.as_view(), name="request_list"),
    path("requests/new/", requests.NewRequestView.as_view(), name="request_new"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/cancel/", requests.CancelRequestView.as_view(), name="request_cancel"),
    path("requests/<int:pk>/slot/", requests.ChooseAnotherSlotView.as_view(), name="request_slot"),
    path("messages/", messages.ThreadListView.as_view(), name="thread_list"),
    path("messages/new/", messages.NewThreadView.as_view(), name="thread_new"),
    path("messages/<int:pk>/", messages.ThreadDetailView.as_view(), name="thread_detail"),
    path("messages/attachments/<int:pk>/", messages.AttachmentView.as_view(), name="attachment"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notifications"),
]
