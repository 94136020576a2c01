"""Settings for running modelsearch's own backend conformance suite against Maktaba's backend.

modelsearch's test app cannot be installed next to ``wagtail.search``, so the suite runs in its
own pytest invocation::

    pytest -p no:cacheprovider --ds=tests.search_conformance.settings tests/search_conformance
"""

import tempfile
from pathlib import Path

from modelsearch.test.settings import *  # noqa: F403

INDEX_DIR = tempfile.mkdtemp(prefix="maktaba-conformance-index-")

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "library.search.backend",
        "INDEX_DIR": INDEX_DIR,
        "WARM_ON_OPEN": False,  # no warming threads behind tests
    },
}
# The wheel of modelsearch 1.3.2 lacks the fixture its BackendTests load; ours is a copy of
# shared/peer/modelsearch/search.json (rebuilt from the upstream repository).
FIXTURE_DIRS = [str(Path(__file__).parent / "fixtures")]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
USE_TZ = True
