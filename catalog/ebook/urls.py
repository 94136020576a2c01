"""Download URLs without a trailing slash (``…/download/latest.epub``).

Wagtail's page URLs only match paths ending in a slash, so this pattern hands the request back to
Wagtail's ``serve`` with the slash added: the page's privacy settings and hooks still apply.
"""

from django.urls import re_path
from wagtail import views as wagtail_views


def serve_ebook_download(request, page_path: str, filename: str):
    return wagtail_views.serve(request, f"{page_path}download/{filename}/")


urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)download/(?P<filename>(?:latest|v[0-9]+)\.(?:epub|pdf))$",
        serve_ebook_download,
        name="ebook_download",
    ),
]
