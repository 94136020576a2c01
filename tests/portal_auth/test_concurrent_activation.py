"""Two requests racing with the same slip: exactly one account is activated (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from portal_auth.accounts import activation, codes
from portal_auth.models import ActivationCode
from tests.factories.schools import make_pupil

pytestmark = [
    pytest.mark.postgres,
    # Real commits from threads need a transactional test; serialized rollback gives it back the
    # migrated rows (academies) that an earlier transactional test's flush removed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_serialized_contents_on_connection"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_one_code_activates_once_under_concurrency():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    barrier = threading.Barrier(4)
    results = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            results.append(
                activation.activate_pupil(pupil.massar_code, issued.plain, f"passphrase-{n}-long")
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r is not None for r in results) == 1
    assert ActivationCode.objects.get().status == "used"
    pupil.refresh_from_db()
    assert pupil.user is not None
