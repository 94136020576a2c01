"""The search page's URL, included under the language prefixes by the root URLconf."""

from django.urls import path

from .views.search import SearchView

urlpatterns = [path("", SearchView.as_view(), name="search")]
