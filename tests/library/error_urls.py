"""The project's URLs plus one view that fails, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from library.urls import *  # noqa: F403
from library.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("the database went away")


urlpatterns = i18n_patterns(path("boom/", fail), prefix_default_language=False) + list(
    project_urlpatterns
)
