"""The schedule of periodic work, and which runs of it are due.

Each entry names a task (by dotted path, so this module imports no app) and how often it runs.
``claim_due`` hands back the entries whose time has come and moves each one's next run forward in
the same conditional update, so any number of schedulers can run side by side without a run
being enqueued twice. Enqueuing is ``library.tasks``'s job; this module never enqueues.

Intervals are in ``MAKTABA_PERIODIC`` (seconds); an interval of 0 turns an entry off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .app_settings import AppSettings
from .models import PeriodicRun


@dataclass(frozen=True)
class Entry:
    name: str
    task: str  # dotted path of a django-tasks task that takes no argument
    interval: int  # seconds

    @property
    def enabled(self) -> bool:
        return self.interval > 0


# What runs, and why: each task is idempotent, so a run that overlaps the previous one is harmless.
SCHEDULE = (
    # Jobs whose worker died (heartbeat stopped), and queued jobs a lost queue forgot.
    ("media-sweep", "media_pipeline.tasks.sweep_media_jobs"),
    # E-book deliveries left "sending" by a dead mail worker, or queued and forgotten.
    ("ebook-deliveries", "catalog.ebook.tasks.resume_deliveries_task"),
    # Notification e-mails still pending (a failed send, or a queue that lost the task).
    ("notifications", "portal_auth.tasks.send_pending_notifications_task"),
    # Records past their retention (law 09-08): security events, used codes, old sessions.
    ("retention", "portal_auth.tasks.purge_expired_records_task"),
    # Pupils' progress on assignments, once its school year has ended (law 09-08).
    ("assignments-retention", "assignments.tasks.purge_ended_years_task"),
    # Homework due tomorrow: families reminded once per due date (the SMS wait out the night).
    ("assignments-due", "assignments.tasks.notify_due_tomorrow_task"),
    # Text messages due (queued, or waiting to be tried again), and those a killed worker cut off.
    ("sms", "library.sms.tasks.send_due_sms_task"),
    # Staff imports whose check or import lost its worker or its task (portal_auth/importers/runs.py).
    ("imports", "portal_auth.tasks.sweep_import_runs_task"),
    # Task results a dead database-queue worker left "running".
    ("task-results", "library.tasks.fail_abandoned_task_results"),
)


#: Seconds between runs of each entry; an entry the settings leave out is off (the base settings
#: turn every one on, library/settings/base.py).
DEFAULTS: dict[str, int] = {name: 0 for name, _task in SCHEDULE}

periodic_settings = AppSettings("MAKTABA_PERIODIC", DEFAULTS)


def periodic_setting(name: str) -> int:
    return int(periodic_settings(name))


def entries() -> list[Entry]:
    return [Entry(name, task, periodic_setting(name)) for name, task in SCHEDULE]


def claim_due(now: datetime | None = None) -> list[Entry]:
    """The enabled entries due at ``now``, each claimed by this caller alone."""
    now = now or timezone.now()
    claimed = []
    for entry in entries():
        if not entry.enabled:
            continue
        PeriodicRun.objects.get_or_create(name=entry.name, defaults={"next_run_at": now})
        taken = PeriodicRun.objects.filter(name=entry.name, next_run_at__lte=now).update(
            next_run_at=now + timedelta(seconds=entry.interval), last_enqueued_at=now
        )
        if taken:
            claimed.append(entry)
    return claimed


def record_failure(entry: Entry, error: BaseException, retry_in: int = 30) -> None:
    """The queue refused the run: say why, and make it due again soon rather than a period late."""
    PeriodicRun.objects.filter(name=entry.name).update(
        next_run_at=timezone.now() + timedelta(seconds=min(retry_in, entry.interval)),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def record_success(entry: Entry) -> None:
    PeriodicRun.objects.filter(name=entry.name).exclude(last_error="").update(last_error="")


def seconds_until_next(now: datetime | None = None) -> float:
    """How long a scheduler may sleep before something is due (at most a minute)."""
    now = now or timezone.now()
    names = [entry.name for entry in entries() if entry.enabled]
    upcoming = (
        PeriodicRun.objects.filter(name__in=names).order_by("next_run_at").first()
        if names
        else None
    )
    if upcoming is None or len(names) > PeriodicRun.objects.filter(name__in=names).count():
        return 0.0
    return max(0.0, min(60.0, (upcoming.next_run_at - now).total_seconds()))
