"""Writing an import all or nothing, and a dry run that does exactly the same work."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


class Rollback(Exception):
    """Raised inside the transaction of a dry run so nothing is kept."""


def write_in_transaction(write: Callable[[], None], *, dry_run: bool) -> None:
    """Run ``write`` in one transaction; a dry run does the same work, then rolls it back.

    So a dry run's counts are exactly those of the real import, and nothing is half-written:
    ``write`` raising anything rolls every row back.
    """
    try:
        with transaction.atomic():
            write()
            if dry_run:
                raise Rollback
    except Rollback:
        pass
