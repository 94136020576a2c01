"""Settings for benchmarks: production-like (DEBUG off, gzip, cached templates), on a scratch DB.

``MAKTABA_BENCH_DB`` chooses the SQLite file (default: a file in /tmp, kept between runs so the
50,000-resource load happens once); ``MAKTABA_BENCH_DATABASE=postgres`` uses PostgreSQL.
"""

import os
import tempfile

from library.settings.base import *  # noqa: F403
from library.settings.base import BASE_DIR, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "benchmark-only"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get(
            "MAKTABA_BENCH_DB", os.path.join(tempfile.gettempdir(), "maktaba-bench.sqlite3")
        ),
        "OPTIONS": {"timeout": 20},
    }
}
if os.environ.get("MAKTABA_BENCH_DATABASE") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "maktaba_bench",
            "USER": "postgres",
            "HOST": "127.0.0.1",
        }
    }
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [BASE_DIR / "benchmarks" / "templates", *TEMPLATES[0]["DIRS"]]}
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), "maktaba-bench-media")
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "CRITICAL"}}
