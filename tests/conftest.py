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


@pytest.fixture(scope="session")
def _saved_serialized_contents(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The database's starting rows (data migrations), as Django serialized them at set-up.

    Django keeps them on the connection object, which is context-local. Playwright's sync API and
    some earlier tests switch the context, after which ``connections[alias]`` is a new object
    without them, and serialized rollback silently restores nothing. Keep a copy here.
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture
def _serialized_contents_on_connection(_saved_serialized_contents) -> None:
    from django.db import connections

    for alias, contents in _saved_serialized_contents.items():
        connections[alias]._test_serialized_contents = contents
