"""What the portal holds about an account: the "My data" page and its download."""

from django.urls import path

from . import views

urlpatterns = [
    path("my-data/", views.MyDataView.as_view(), name="my_data"),
    path("my-data/download/", views.MyDataDownloadView.as_view(), name="my_data_download"),
]
