"""The default one-machine settings (SQLite, the database task queue) on a given database file,
for journeys that run the real web server and worker side by side."""

import os

from library.settings.base import *  # noqa: F403
from library.settings.base import DATABASES, MAKTABA_SEARCH

DEBUG = False
SECRET_KEY = "journey-tests-secret-key-" + "j" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["MAKTABA_JOURNEY_DB"]}}
MEDIA_ROOT = os.environ["MAKTABA_JOURNEY_MEDIA"]
MAKTABA_SEARCH = {**MAKTABA_SEARCH, "INDEX_DIR": os.environ["MAKTABA_JOURNEY_INDEX"]}
LOGGING = {"version": 1, "disable_existing_loggers": False}
