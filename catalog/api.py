"""Wagtail API v2 at ``/api/v2/``: live, public pages (resources with taxonomy and file URLs).

There is no documents or images endpoint: Wagtail's list every file, whatever the page that uses
it (drafts, private pages). A resource's file is reached through its page (``file_url``), and the
file URL itself asks ``catalog.document_access``.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

SEARCH_OPERATORS = ("and", "or")


class CatalogPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; a malformed parameter is a 400 that says which, never a 500."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CatalogPagesAPIViewSet)

app_name = "wagtailapi"
urlpatterns = api_router.get_urlpatterns()
