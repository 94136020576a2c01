"""Limited retention: old events, finished codes and stale session rows go; the rest stays."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal_auth.accounts import codes
from portal_auth.models import ActivationCode, SecurityEvent, SignedInSession
from portal_auth.privacy.retention import purge_expired_records
from tests.factories.schools import make_pupil, make_user

pytestmark = pytest.mark.django_db


def test_purge_keeps_what_is_still_needed():
    now = timezone.now()
    pupil = make_pupil()
    SecurityEvent.objects.create(kind="login", created_at=now - timedelta(days=400))
    recent = SecurityEvent.objects.create(kind="login", created_at=now - timedelta(days=30))
    old_used = codes.issue_pupil_code(pupil).record
    ActivationCode.objects.filter(pk=old_used.pk).update(used_at=now - timedelta(days=100))
    active = codes.issue_pupil_code(make_pupil()).record
    user = make_user()
    SignedInSession.objects.create(
        user=user, session_key="a" * 32, created_at=now - timedelta(days=30)
    )
    fresh = SignedInSession.objects.create(user=user, session_key="b" * 32)
    counts = purge_expired_records(now)
    assert (counts.security_events, counts.codes, counts.sessions) == (1, 1, 1)
    assert list(SecurityEvent.objects.all()) == [recent]
    assert list(ActivationCode.objects.all()) == [active]
    assert list(SignedInSession.objects.all()) == [fresh]
    call_command("purge_portal_records")  # idempotent
    assert ActivationCode.objects.count() == 1
