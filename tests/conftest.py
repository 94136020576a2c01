"""Shared fixtures. Factories live in tests/factories.py."""

import pytest


@pytest.fixture
def site_tree(db):
    """The home page and the library index, as ``setup_library`` makes them."""
    from catalog.site_setup import ensure_roles, ensure_site

    home, library = ensure_site()
    ensure_roles(library)
    return home, library


@pytest.fixture
def library(site_tree):
    return site_tree[1]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (page cache, throttling counters)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
