"""Content-Security-Policy on every HTML response: a strict policy for the site, one for the admin.

The site's own pages run no JavaScript at all and carry no inline styles, so their policy allows
scripts, styles, fonts and connections from the site's origin only, images also as ``data:``
URLs, and nothing may frame them. Wagtail's admin writes inline ``<script>`` blocks with
per-page data (panels, date pickers, StreamField) and inline styles, so no hash can list them:
under the admin's paths the policy adds ``'unsafe-inline'`` for scripts and styles and nothing
else (no ``'unsafe-eval'``, no other origin), and lets the admin frame its own preview.

Both policies come from ``settings.MAKTABA_CSP`` (``SITE`` and ``ADMIN``: directive → sources;
``ADMIN_PATHS``: the path prefixes that get the admin's). When ``MEDIA_URL`` is on another
origin (a CDN or object store), that origin is added to ``img-src`` and ``media-src``. A view
that sets its own ``Content-Security-Policy`` (attachments: ``default-src 'none'; sandbox``)
keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .app_settings import AppSettings

HEADER = "Content-Security-Policy"
# Responses a browser may render as a document and run scripts in.
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})
MEDIA_DIRECTIVES = ("img-src", "media-src")

DEFAULTS: dict[str, object] = {
    "SITE": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
    "ADMIN": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    },
    "ADMIN_PATHS": ["/admin/"],
}


#: One value of ``MAKTABA_CSP``, with the default above when the key is missing.
csp_setting = AppSettings("MAKTABA_CSP", DEFAULTS)


def media_origin(media_url: str) -> str | None:
    """The origin of ``MEDIA_URL`` when it is absolute (``https://cdn.example/media/``)."""
    parts = urlsplit(media_url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def build_policy(directives: Mapping[str, Sequence[str]], extra_media: str | None = None) -> str:
    """The header value: ``directive source source; directive …`` in the order given."""
    parts = []
    for directive, sources in directives.items():
        sources = list(sources)
        if extra_media and directive in MEDIA_DIRECTIVES and extra_media not in sources:
            sources.append(extra_media)
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def is_document(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return content_type in DOCUMENT_TYPES


class ContentSecurityPolicyMiddleware:
    """Adds the site's or the admin's policy to every response a browser renders as a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        extra = media_origin(settings.MEDIA_URL)
        self.site_policy = build_policy(csp_setting("SITE"), extra)
        self.admin_policy = build_policy(csp_setting("ADMIN"), extra)
        self.admin_paths = tuple(csp_setting("ADMIN_PATHS"))

    def policy_for(self, request: HttpRequest) -> str:
        if request.path_info.startswith(self.admin_paths):
            return self.admin_policy
        return self.site_policy

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and is_document(response):
            response[HEADER] = self.policy_for(request)
        return response
