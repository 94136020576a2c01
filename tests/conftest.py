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
