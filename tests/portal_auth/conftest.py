"""Fixtures of the portal tests: a clean cache (throttling counters) for every test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()
