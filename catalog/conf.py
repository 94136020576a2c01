"""The catalogue's tunables: ``settings.MAKTABA_CATALOG`` read over these defaults."""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # Resources on one page of a listing.
    "PAGE_SIZE": 20,
    # Largest document and media file an editor or an import may add, in bytes.
    "MAX_DOCUMENT_BYTES": 50 * 1024 * 1024,
    "MAX_MEDIA_BYTES": 2 * 1024 * 1024 * 1024,
    # Anonymous catalogue pages are cached this long, and invalidated on any content change.
    "PAGE_CACHE_SECONDS": 600,
    # Dotted path to ``callable(request, page) -> object | None``: what a resource page with a
    # recording shows about where this visitor left it ("continue where you left off"). The
    # object's ``template`` is included under the player with it as ``resume``. "" for none.
    "MEDIA_RESUME_PROVIDER": "",
}

#: One value of ``MAKTABA_CATALOG`` with its default.
catalog_setting = AppSettings("MAKTABA_CATALOG", DEFAULTS)
