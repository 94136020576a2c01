"""Offline URLs at the site root (outside the language prefixes): the worker must be at ``/``."""

from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.ServiceWorkerView.as_view(), name="worker"),
    path("manifest.webmanifest", views.WebManifestView.as_view(), name="manifest"),
    path(
        "offline/resources/<int:page_id>.json", views.ResourceFilesView.as_view(), name="resource"
    ),
    path("offline/state/", views.SavedStateView.as_view(), name="state"),
]
