"""The search page's URLs (the page, its title suggestions), included under the language prefixes by the root URLconf."""

from django.urls import path

from .views.search import SearchView
from .views.suggest import suggest

urlpatterns = [
    path("", SearchView.as_view(), name="search"),
    path("suggest/", suggest, name="search_suggest"),
]
