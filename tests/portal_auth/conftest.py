"""Fixtures of the portal tests: a clean cache (throttling counters) and the default language.

A request to a ``/fr/`` URL leaves French active in the test thread, and ``reverse()`` would
then build ``/fr/`` URLs for the next test; every test starts in Arabic, the default.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield
