"""Periodic tasks of the portal, run by ``manage.py maktaba_scheduler`` (library/periodic.py)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from .notifications import send_pending_notifications
from .retention import purge_expired_records


@task(queue_name="mail")
def send_pending_notifications_task() -> int:
    """Hand the e-mail of every notification still pending to the mail queue again."""
    return send_pending_notifications()


@task(queue_name="default")
def purge_expired_records_task() -> dict[str, int]:
    """Delete records past their retention (security events, finished codes, old sessions)."""
    return asdict(purge_expired_records())
