"""Where this visitor left a recording: asked of a provider named in settings, so the catalogue
knows nothing of who is looking (``MAKTABA_CATALOG["MEDIA_RESUME_PROVIDER"]``; the assignments
app answers it for pupils). Without a provider, or for a visitor it knows nothing of, ``None``."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.module_loading import import_string

from .conf import catalog_setting


def media_resume(request: HttpRequest | None, page) -> object | None:
    path = str(catalog_setting("MEDIA_RESUME_PROVIDER") or "")
    if not path or request is None or not request.user.is_authenticated:
        return None
    return import_string(path)(request, page)
