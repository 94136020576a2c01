"""Hand a file's bytes to nginx after Django said yes: ``X-Accel-Redirect``.

With ``MAKTABA_MEDIA["X_ACCEL_REDIRECT_PREFIX"]`` set (e.g. ``/protected-media/``), a view that has
checked permission answers with an empty body and ``X-Accel-Redirect: <prefix><path under
MEDIA_ROOT>``; nginx serves the file from an ``internal`` location (so the prefix itself is never
reachable from outside), with ranges and conditional requests. Empty, Django sends the bytes.

``sendfile`` is the same thing as Wagtail's ``SENDFILE_BACKEND``, so documents served by
``/documents/<id>/<name>`` (after the catalogue's ``before_serve_document`` check) go the same way.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.utils import sendfile_streaming_backend

from .media_settings import media_setting


class AccelRedirectResponse(HttpResponse):
    """An empty answer whose bytes nginx sends: it never claims a length of its own.

    Wagtail's sendfile sets ``Content-Length`` to the file's size after the backend returns; an
    upstream answer that promises bytes it does not send is a broken HTTP message.
    """

    def __init__(self, uri: str, content_type: str | None = None):
        super().__init__(content_type=content_type)
        self["X-Accel-Redirect"] = uri

    def __setitem__(self, header: str, value) -> None:
        if header.lower() != "content-length":
            super().__setitem__(header, value)


def accel_redirect_uri(path: Path) -> str | None:
    """The internal URI nginx serves ``path`` from, or None when Django sends files itself.

    The path is percent-encoded (uploads may have Arabic or French names; a header is ASCII),
    and a file outside MEDIA_ROOT is a 404, never a redirect.
    """
    prefix = media_setting("X_ACCEL_REDIRECT_PREFIX")
    if not prefix:
        return None
    try:
        relative = Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError:
        raise Http404
    return prefix.rstrip("/") + "/" + quote(relative.as_posix())


def sendfile(request: HttpRequest, filename: str, mimetype: str | None = None, **kwargs):
    """Wagtail's sendfile backend: ``X-Accel-Redirect`` when configured, else streaming."""
    uri = accel_redirect_uri(Path(filename))
    if uri is None:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    return AccelRedirectResponse(uri, content_type=mimetype)
