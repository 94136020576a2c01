"""Offline pages under the language prefixes (``/offline/``, ``/fr/offline/``…)."""

from django.urls import path

from . import views

app_name = "offline_pages"

urlpatterns = [
    path("", views.OfflinePageView.as_view(), name="offline"),
    path("saved/", views.SavedPageView.as_view(), name="saved"),
]
