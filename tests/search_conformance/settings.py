"""Settings for running modelsearch's own backend conformance suite against Maktaba's backend.

modelsearch's test app cannot be installed next to ``wagtail.search``, so the suite runs in its
own pytest invocation::

    pytest -p no:cacheprovider --ds=tests.search_conformance.settings tests/search_conformance

``MAKTABA_TEST_DATABASE=postgres`` (as for the main suite) runs it on PostgreSQL, where the
PostgreSQL backend's class runs too; on SQLite that class is skipped with its reason.
"""

import os
import tempfile
from pathlib import Path

from modelsearch.test.settings import *  # noqa: F403

INDEX_DIR = tempfile.mkdtemp(prefix="maktaba-conformance-index-")

ON_POSTGRES = os.environ.get("MAKTABA_TEST_DATABASE") == "postgres"
INSTALLED_APPS = [*INSTALLED_APPS, "library.search.postgres"]  # noqa: F405
if ON_POSTGRES:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("MAKTABA_PG_NAME", "maktaba"),
            "USER": os.environ.get("MAKTABA_PG_USER", "postgres"),
            "HOST": os.environ.get("MAKTABA_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("MAKTABA_PG_PORT", "5432"),
            "TEST": {
                "NAME": os.environ.get("MAKTABA_PG_TEST_NAME", "test_maktaba") + "_conformance"
            },
        }
    }
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "library.search.backend",
        "INDEX_DIR": INDEX_DIR,
        "WARM_ON_OPEN": False,  # no warming threads behind tests
    },
}
if ON_POSTGRES:
    MODELSEARCH_BACKENDS["postgres"] = {
        "BACKEND": "library.search.postgres.backend.MaktabaPostgresSearchBackend"
    }
# The wheel of modelsearch 1.3.2 lacks the fixture its BackendTests load; ours is a copy of
# shared/peer/modelsearch/search.json (rebuilt from the upstream repository).
FIXTURE_DIRS = [str(Path(__file__).parent / "fixtures")]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "search"],  # the Whoosh backend's writes and repairs
    }
}
USE_TZ = True
