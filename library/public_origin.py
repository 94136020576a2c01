"""The one public origin (``MAKTABA_PUBLIC_ORIGIN``, e.g. ``https://maktaba.example.ma``) that
every absolute URL starts with: e-mails, the EPUB and PDF, the API's ``html_url``, printed slips.

Wagtail builds a page's full URL from its ``Site`` (``localhost:80`` as ``setup_library``
creates it); ``PublicOriginURLs`` swaps that root for the configured origin, so nothing
depends on the Site record being edited to match. Links inside the site stay relative.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.conf import settings


def public_origin() -> str:
    """The scheme, host and port visitors use, without a trailing slash."""
    return str(getattr(settings, "MAKTABA_PUBLIC_ORIGIN", "") or "").rstrip("/")


def absolute_url(path: str) -> str:
    """``/account/`` → ``https://maktaba.example.ma/account/``; a full URL is kept as it is."""
    if urlsplit(path).scheme:
        return path
    return public_origin() + "/" + path.lstrip("/")


def printable_url(url: str) -> str:
    """What to print or show for people to type: no scheme, no percent-encoding, no bare slash.

    ``https://maktaba.example.ma/library/%D9%82/`` → ``maktaba.example.ma/library/ق/``.
    """
    parts = urlsplit(url)
    text = unquote(parts.netloc + parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")
    return text[:-1] if text.endswith("/") and parts.path in ("", "/") else text


class PublicOriginURLs:
    """A Wagtail page mixin: full URLs use the public origin instead of the Site's root URL."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        origin = public_origin()
        if parts is None or not origin:
            return parts
        site_id, _site_root, page_path = parts
        return site_id, origin, page_path
