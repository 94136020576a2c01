"""Tasks of the portal, and the only place in it that hands work to the queue.

Periodic ones are run by ``manage.py maktaba_scheduler`` (library/periodic.py).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from library.sms.tasks import send_sms_task

from .conf import portal_setting
from .desk.notifying import email, events
from .importers import runs
from .models import Notification
from .privacy.retention import purge_expired_records

logger = logging.getLogger("maktaba.portal.imports")


@task(queue_name="mail")
def send_notification_email(notification_id: int) -> str:
    """Send one notification's e-mail unless it was sent (or skipped) already; returns its state.
    On an SMTP failure it is tried again later (deferred when the queue can defer, else by the
    periodic ``send_pending_notifications_task``)."""
    status, retry = email.send_email(notification_id)
    if retry and send_notification_email.get_backend().supports_defer:
        delay = datetime.timedelta(seconds=portal_setting("EMAIL_RETRY_SECONDS"))
        send_notification_email.using(run_after=timezone.now() + delay).enqueue(notification_id)
    return status


def send_pending_notifications() -> int:
    """Enqueue every notification whose e-mail is still pending; returns how many."""
    ids = email.pending_ids()
    for pk in ids:
        send_notification_email.enqueue(pk)
    return len(ids)


@task(queue_name="mail")
def send_pending_notifications_task() -> int:
    """Hand the e-mail of every notification still pending to the mail queue again."""
    return send_pending_notifications()


def dispatch(notification_id: int) -> None:
    """A new notification's e-mail to the mail queue, its text message (if due now) to the
    gateway; what cannot go now is picked up by the periodic tasks."""
    notification = Notification.objects.select_related("sms").filter(pk=notification_id).first()
    if notification is None:
        return
    try:
        if notification.email_status == Notification.EmailStatus.PENDING:
            send_notification_email.enqueue(notification.pk)
        message = notification.sms
        if message is not None and message.status == "queued":
            if message.next_attempt_at and message.next_attempt_at <= timezone.now():
                send_sms_task.enqueue(message.pk)
    except Exception:
        logger.exception(
            "notification %s: the queue refused it; the periodic tasks retry", notification_id
        )


def enqueue_notice(notice_task, object_id: int) -> None:
    """Hand an event's notifications to the queue (a signal calls this once the event commits);
    a refused enqueue is logged: the event's notifications are then made when it is saved again."""
    try:
        notice_task.enqueue(object_id)
    except Exception:
        logger.exception("%s(%s): the queue refused it", notice_task.name, object_id)


@task(queue_name="mail")
def notify_absence_task(absence_id: int) -> int:
    """Tell the pupil's guardians of an unjustified absence (once); returns how many were told."""
    return len(events.absence(absence_id))


@task(queue_name="mail")
def notify_marks_published_task(publication_id: int) -> int:
    """Tell a class's pupils and families that a semester's marks are published (once)."""
    return len(events.marks_published(publication_id))


@task(queue_name="mail")
def notify_assessment_task(assessment_id: int) -> int:
    """Tell a class's pupils and families of a test or exam date (once per date)."""
    return len(events.assessment(assessment_id))


@task(queue_name="default")
def purge_expired_records_task() -> dict[str, int]:
    """Delete records past their retention (security events, finished codes, old sessions,
    expired throttling counters, old import runs and their files)."""
    return asdict(purge_expired_records())


@task(queue_name="default")
def check_import_task(run_id: int) -> str:
    """Check a staff import's file (a dry run in the worker); idempotent."""
    run = runs.check_run(run_id)
    return run.status if run else "nothing to do"


@task(queue_name="default")
def write_import_task(run_id: int) -> str:
    """Write a confirmed staff import, all or nothing, at most once; idempotent."""
    run = runs.write_run(run_id)
    return run.status if run else "nothing to do"


@task(queue_name="default")
def sweep_import_runs_task() -> dict[str, int]:
    """Periodic: hand out again the import steps whose worker stopped or whose task was lost,
    failing those tried too often."""
    result = runs.sweep_runs()
    for run_id in result.checks:
        enqueue_check(run_id)
    for run_id in result.writes:
        enqueue_write(run_id)
    return {"checks": len(result.checks), "writes": len(result.writes), "failed": result.failed}


def enqueue_check(run_id: int) -> None:
    """Hand a stored run's check to the worker. The run's row is already committed (staff
    views run in autocommit); a refused enqueue is logged and the sweep hands it out later."""
    try:
        check_import_task.enqueue(run_id)
    except Exception:
        logger.exception("import run %s: the queue refused the check; the sweep will retry", run_id)


def enqueue_write(run_id: int) -> None:
    """Hand a confirmed run's import to the worker (same promise as ``enqueue_check``)."""
    try:
        write_import_task.enqueue(run_id)
    except Exception:
        logger.exception(
            "import run %s: the queue refused the import; the sweep will retry", run_id
        )
