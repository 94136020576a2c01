"""Test settings: fast hashing, temporary media, tasks run immediately unless a test says otherwise.

``MAKTABA_TEST_DATABASE=postgres`` runs the same suite on PostgreSQL (127.0.0.1:5432).
"""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="maktaba-test-media-")
MAKTABA_SEARCH = {  # noqa: F405
    **MAKTABA_SEARCH,  # noqa: F405
    "INDEX_DIR": tempfile.mkdtemp(prefix="maktaba-test-index-"),
    "WARM_ON_OPEN": False,  # no warming threads behind tests (test_array_evaluation warms)
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No quiet hours: tests that need them set them (tests/library/sms/test_quiet_hours.py).
MAKTABA_SMS = {
    "BACKEND": "library.sms.backends.locmem.LocmemBackend",
    "SENDER": "MAKTABA",
    "QUIET_HOURS": {"START": "00:00", "END": "00:00"},
}
# The factories' school year (2025-2026) is past: its absences would never go by SMS.
MAKTABA_PORTAL = {**MAKTABA_PORTAL, "ABSENCE_SMS_MAX_AGE_DAYS": 0}  # noqa: F405
ALLOWED_HOSTS = ["*"]

if os.environ.get("MAKTABA_TEST_DATABASE") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("MAKTABA_PG_NAME", "maktaba"),
            "USER": os.environ.get("MAKTABA_PG_USER", "postgres"),
            "HOST": os.environ.get("MAKTABA_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("MAKTABA_PG_PORT", "5432"),
            "TEST": {"NAME": os.environ.get("MAKTABA_PG_TEST_NAME", "test_maktaba")},
        }
    }

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "media", "search", "mail"],
    }
}

STATIC_ROOT = tempfile.mkdtemp(prefix="maktaba-test-static-")
WHITENOISE_USE_FINDERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
