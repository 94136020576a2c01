"""Search's tunables: ``settings.MAKTABA_SEARCH`` read over these defaults.

A backend's own entry in ``WAGTAILSEARCH_BACKENDS`` (or its ``OPTIONS``) wins over these for that
backend (``library/search/backend/backend.py``).
"""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # Where the Whoosh index lives; None: ``BASE_DIR / "search_index"``.
    "INDEX_DIR": None,
    # Index writes run as tasks on the ``search`` queue, handed to WRITE_QUEUE (injected).
    "WRITE_THROUGH_QUEUE": False,
    "WRITE_QUEUE": "library.search.tasks.QueuedWrites",
    # Seconds a writer waits for another writer.
    "WRITE_LOCK_TIMEOUT": 60,
    # Results on one page of the site's search.
    "PAGE_SIZE": 20,
    # Decoded postings and stored filter values kept per process, in MB.
    "ARRAY_CACHE_MB": 256,
    # Decode frequent postings on a thread when an index opens.
    "WARM_ON_OPEN": True,
}

#: One value of ``MAKTABA_SEARCH`` with its default.
search_setting = AppSettings("MAKTABA_SEARCH", DEFAULTS)
