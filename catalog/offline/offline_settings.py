"""``MAKTABA_OFFLINE``: the settings of saving for offline use and of subject packs."""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # Paths the service worker never answers nor stores (each also under /<language>/).
    "PRIVATE_PATHS": ["/account/", "/admin/"],
    # A subject pack larger than this is refused, with its size and a smaller choice.
    "PACK_MAX_BYTES": 500 * 1024 * 1024,
    # Where built packs are kept in the default storage (named by their content hash).
    "PACK_DIR": "offline-packs",
}

#: One value of ``MAKTABA_OFFLINE`` with its default.
offline_setting = AppSettings("MAKTABA_OFFLINE", DEFAULTS)
