"""Wagtail API v2 at ``/api/v2/``: live, public pages (resources with taxonomy and file URLs).

There is no documents or images endpoint: Wagtail's list every file, whatever the page that uses
it (drafts, private pages). A resource's file is reached through its page (``file_url``), and the
file URL itself asks ``catalog.document_access``.
"""

from modelsearch.backends.base import FilterFieldError, OrderByFieldError
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends import get_search_backend

from catalog.views.search import clean_query
from library.search.capabilities import capabilities

SEARCH_OPERATORS = ("and", "or")


class CleanSearchFilter(SearchFilter):
    """``?search=`` with the search page's guards: control characters and lone surrogates
    dropped, length and word count bounded, and the text reduced to words for a backend that
    hands it to an engine's own query syntax (``library.search.capabilities``)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        backend = get_search_backend()
        text = capabilities(backend).engine_text(clean_query(request.GET["search"]))
        try:
            return backend.search(
                text.replace('"', " "),
                queryset,
                operator=request.GET.get("search_operator", None),
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


class CatalogPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; a malformed parameter is a 400 that says which, never a 500."""

    filter_backends = [
        CleanSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CatalogPagesAPIViewSet)

app_name = "wagtailapi"
urlpatterns = api_router.get_urlpatterns()
