"""Root URLs: admin, API, media serving, then Wagtail's page tree under language prefixes."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include("catalog.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media-files/", include("media_pipeline.urls")),
    path("sms/", include("library.sms.urls")),
    path("", include("catalog.offline.urls")),
]

if settings.DEBUG:
    from pathlib import Path

    from django.conf.urls.static import static

    urlpatterns += static(
        settings.MEDIA_URL + "images/", document_root=Path(settings.MEDIA_ROOT) / "images"
    )

urlpatterns += i18n_patterns(
    path("account/", include("portal_auth.urls")),
    path("assignments/", include("assignments.urls")),
    path("search/", include("catalog.search_urls")),
    path("offline/", include("catalog.offline.page_urls")),
    path("", include("catalog.ebook.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "library.error_pages.server_error"
