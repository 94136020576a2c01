"""A slip used once says so the second time, with what to do; a typo keeps the generic answer."""

from __future__ import annotations

import pytest
from django.utils import translation

from portal_auth.accounts import codes
from portal_auth.accounts.views.throttled import ThrottledFormView
from tests.factories.schools import link_guardian, make_guardian, make_pupil

from .test_activation import activate_guardian, activate_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_used_pupil_slip_says_it_was_used_and_how_to_sign_in(client):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    assert activate_pupil(client, pupil.massar_code, issued.plain).status_code == 302
    client.logout()
    again = activate_pupil(client, pupil.massar_code, issued.plain).content.decode()
    assert "already used" in again and "sign in" in again.lower()
    typo = activate_pupil(client, pupil.massar_code, "ABCD-EFGH-JKMN-PQ").content.decode()
    assert "already used" not in typo
    assert str(ThrottledFormView.failure_message) in typo.replace("&#x27;", "'")


def test_a_used_guardian_slip_says_it_was_used(client):
    guardian = make_guardian()
    pupil = make_pupil()
    issued = codes.issue_guardian_code(link_guardian(guardian, pupil, confirmed=False))
    assert (
        activate_guardian(client, guardian.cin, pupil.massar_code, issued.plain).status_code == 302
    )
    client.logout()
    again = activate_guardian(client, guardian.cin, pupil.massar_code, issued.plain)
    assert "already used" in again.content.decode()
