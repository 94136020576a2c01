"""Settings for benchmarks/slow_link.py: the benchmark settings, a scratch database and media
directory of its own, and tasks run at once (the lessons are transcoded while it sets up)."""

import os
import tempfile

from benchmarks.settings import *  # noqa: F403

_WORK = os.environ.setdefault("MAKTABA_SLOW_LINK_DIR", tempfile.mkdtemp(prefix="maktaba-slow-"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(_WORK, "db.sqlite3"),
        "OPTIONS": {"timeout": 20},
    }
}
MEDIA_ROOT = os.path.join(_WORK, "media")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "media", "search", "mail"],
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
