"""Offline URLs at the site root (outside the language prefixes): the worker must be at ``/``."""

from django.urls import path

from . import pack_views, views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.ServiceWorkerView.as_view(), name="worker"),
    path("manifest.webmanifest", views.WebManifestView.as_view(), name="manifest"),
    path(
        "offline/resources/<int:page_id>.json", views.ResourceFilesView.as_view(), name="resource"
    ),
    path("offline/state/", views.SavedStateView.as_view(), name="state"),
    path("offline/packs/<str:name>.zip", pack_views.PackFileView.as_view(), name="pack_file"),
]
