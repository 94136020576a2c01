"""Shared fixtures. Factories live in the tests/factories/ package, one module per concern."""

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


STAFF_BACKEND = "portal_auth.accounts.backends.StaffModelBackend"
ACCOUNT_BACKEND = "portal_auth.accounts.backends.MassarOrCinBackend"


@pytest.fixture
def client_for(db):
    """A test client signed in as someone: ``client_for("director", school)``, ``client_for(user)``.

    ``who`` is a staff role (a new staff user with that role over ``target``, a school by
    default), ``"pupil"`` or ``"guardian"`` (a new person with an activated account, in
    ``target`` when it is a class), or a user. ``language`` sets the user's preferred language.
    The signed-in user is ``client.user``.
    """
    from django.test import Client

    from tests.factories.schools import (
        give_guardian_account,
        give_pupil_account,
        link_guardian,
        make_guardian,
        make_pupil,
        make_staff,
    )

    def sign_in(who, target=None, *, language: str | None = None) -> Client:
        backend = STAFF_BACKEND
        if who == "pupil":
            user, backend = give_pupil_account(make_pupil(target)), ACCOUNT_BACKEND
        elif who == "guardian":
            guardian = make_guardian()
            link_guardian(guardian, make_pupil(target))
            user, backend = give_guardian_account(guardian), ACCOUNT_BACKEND
        elif isinstance(who, str):
            user = make_staff(who, target)
        else:
            user = who
            if hasattr(user, "pupil") or hasattr(user, "guardian"):
                backend = ACCOUNT_BACKEND
        if language:
            from wagtail.users.models import UserProfile

            UserProfile.objects.update_or_create(
                user=user, defaults={"preferred_language": language}
            )
        client = Client()
        client.force_login(user, backend=backend)
        client.user = user
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (page cache, throttling counters)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request to ``/fr/…`` leaves French
    active in the test's thread, and page URLs built afterwards would carry ``/fr/``."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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
