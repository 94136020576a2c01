"""Limited retention (law 09-08): what the portal deletes once it is no longer needed.

- security events older than ``SECURITY_LOG_RETENTION_DAYS``;
- activation codes used, revoked or expired more than ``CODE_RETENTION_DAYS`` ago (a finished
  code proves nothing after that and only says when a slip was printed);
- staff views of pupils' records (``RecordAccess``) older than ``RECORD_ACCESS_RETENTION_DAYS``
  (two years: the current and the previous school year, long enough for a family or the CNDP to
  ask who looked at a record, short enough not to become a file on the staff);
- session bookkeeping rows whose session has expired (``SESSION_COOKIE_AGE``);
- brute-force counters past their window (``ThrottleCounter``, when the database holds them);
- staff import runs (``import_runs.purge_runs``): a preview nobody confirmed expires, and its
  file is deleted, after ``IMPORT_FILE_RETENTION_HOURS``; a finished run and its report go
  ``IMPORT_RUN_RETENTION_DAYS`` after it ended.

Run daily: ``python manage.py purge_portal_records`` (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..conf import portal_setting
from ..importers.runs import purge_runs
from ..models import ActivationCode, RecordAccess, SecurityEvent, SignedInSession, ThrottleCounter


@dataclass(frozen=True)
class PurgeCounts:
    security_events: int
    codes: int
    sessions: int
    throttle_counters: int
    record_accesses: int
    import_runs: int = 0


def purge_expired_records(now=None) -> PurgeCounts:
    now = now or timezone.now()
    events_before = now - timedelta(days=int(portal_setting("SECURITY_LOG_RETENTION_DAYS")))
    codes_before = now - timedelta(days=int(portal_setting("CODE_RETENTION_DAYS")))
    sessions_before = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    events, _ = SecurityEvent.objects.filter(created_at__lt=events_before).delete()
    finished = ActivationCode.objects.filter(
        Q(used_at__lt=codes_before)
        | Q(revoked_at__lt=codes_before)
        | Q(expires_at__lt=codes_before)
    )
    codes, _ = finished.delete()
    sessions, _ = SignedInSession.objects.filter(created_at__lt=sessions_before).delete()
    counters, _ = ThrottleCounter.objects.filter(expires_at__lt=now).delete()
    accesses_before = now - timedelta(days=int(portal_setting("RECORD_ACCESS_RETENTION_DAYS")))
    accesses, _ = RecordAccess.objects.filter(created_at__lt=accesses_before).delete()
    runs = purge_runs(now)
    return PurgeCounts(events, codes, sessions, counters, accesses, runs)
