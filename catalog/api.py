"""Wagtail API v2 at ``/api/v2/``: live, public pages (resources with taxonomy and file URLs).

There is no documents or images endpoint: Wagtail's list every file, whatever the page that uses
it (drafts, private pages). A resource's file is reached through its page (``file_url``), and the
file URL itself asks ``catalog.document_access``.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

app_name = "wagtailapi"
urlpatterns = api_router.get_urlpatterns()
