"""Offline pages under the language prefixes (``/offline/``, ``/fr/offline/``…)."""

from django.urls import path

from . import pack_views, views

app_name = "offline_pages"

urlpatterns = [
    path("", views.OfflinePageView.as_view(), name="offline"),
    path("saved/", views.SavedPageView.as_view(), name="saved"),
    path(
        "packs/<slug:level_slug>/<slug:subject_slug>/",
        pack_views.PackPageView.as_view(),
        name="pack",
    ),
]
