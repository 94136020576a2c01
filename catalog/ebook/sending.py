"""Sending the e-book's link to its recipients: one delivery row each, batched, retried.

Guarantees:
- one ``EBookDelivery`` per build and recipient (a database constraint), so pressing "send"
  twice queues nobody twice;
- a delivery is *claimed* (queued → sending) by a single atomic update before its message goes
  out, so two workers running the same batch never send it twice;
- temporary failures (4xx answers, a refused or dropped connection) go back to the queue until
  ``SEND_MAX_ATTEMPTS``; permanent refusals (5xx) fail at once; the reason is kept for the editor.
The message carries the link, never the file.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .conf import ebook_setting
from .models import EBookBuild, EBookDelivery
from .recipients import recipients_for

logger = logging.getLogger("maktaba.ebook")

Status = EBookDelivery.Status
Reason = EBookDelivery.Reason


@dataclass
class QueueOutcome:
    queued: int = 0
    already: int = 0
    without_email: int = 0


def queue_deliveries(build: EBookBuild, editor) -> QueueOutcome:
    """Record one delivery per recipient of ``editor`` for ``build`` and enqueue the new ones."""
    from .tasks import send_deliveries_task

    recipients = recipients_for(editor)
    existing = set(
        build.deliveries.filter(recipient_key__in=[r.key for r in recipients]).values_list(
            "recipient_key", flat=True
        )
    )
    outcome = QueueOutcome(already=len(existing))
    new_rows = []
    for recipient in recipients:
        if recipient.key in existing:
            continue
        has_email = bool(recipient.email.strip())
        outcome.queued += has_email
        outcome.without_email += not has_email
        new_rows.append(
            EBookDelivery(
                build=build,
                recipient_key=recipient.key,
                name=recipient.name[:255],
                email=recipient.email.strip(),
                language=recipient.language or "ar",
                status=Status.QUEUED if has_email else Status.FAILED,
                reason="" if has_email else Reason.NO_EMAIL,
                requested_by=editor if getattr(editor, "pk", None) else None,
            )
        )
    EBookDelivery.objects.bulk_create(new_rows, ignore_conflicts=True, batch_size=500)
    new_keys = [row.recipient_key for row in new_rows if row.status == Status.QUEUED]
    ids = list(
        build.deliveries.filter(recipient_key__in=new_keys, status=Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = max(1, int(ebook_setting("SEND_BATCH_SIZE")))
    for start in range(0, len(ids), size):
        send_deliveries_task.enqueue(ids[start : start + size])
    return outcome


def compose_message(delivery: EBookDelivery, connection) -> EmailMessage:
    """The message in the recipient's language, with links to the page and the files."""
    build = delivery.build
    page = build.page
    root = page.get_site().root_url if page.get_site() else ""
    context = {
        "delivery": delivery,
        "book_title": page.title,
        "page_url": page.get_full_url(),
        "epub_url": root + page.latest_epub_url,
        "pdf_url": root + page.latest_pdf_url,
        "version": build.version,
    }
    with translation.override(delivery.language or "ar"):
        subject = render_to_string("catalog/ebook/email/delivery_subject.txt", context)
        body = render_to_string("catalog/ebook/email/delivery_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[delivery.email],
        connection=connection,
        headers={"Content-Language": delivery.language or "ar"},
    )


def _claim(delivery_ids: list[int]) -> list[int]:
    """Move queued deliveries to "sending", one by one; returns the ids this worker now owns."""
    owned = []
    for pk in delivery_ids:
        taken = EBookDelivery.objects.filter(pk=pk, status=Status.QUEUED).update(
            status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
        )
        if taken:
            owned.append(pk)
    return owned


def _record_failure(pk: int, reason: str, detail: str, temporary: bool) -> bool:
    """Record a failed attempt; returns True when the delivery goes back to the queue."""
    attempts = EBookDelivery.objects.filter(pk=pk).values_list("attempts", flat=True).first() or 0
    retry = temporary and attempts < int(ebook_setting("SEND_MAX_ATTEMPTS"))
    # ``update`` (no ``save``): delivery bookkeeping must not bump the page cache's generation.
    EBookDelivery.objects.filter(pk=pk).update(
        status=Status.QUEUED if retry else Status.FAILED,
        reason=reason,
        detail=detail[:500],
        updated_at=timezone.now(),
    )
    return retry


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{exc.smtp_code} {message}"
    return f"{type(exc).__name__}: {exc}"


def send_batch(delivery_ids: list[int]) -> dict[str, int]:
    """Send the given deliveries over one connection; re-enqueue those to retry."""
    owned = _claim(delivery_ids)
    counts = {"sent": 0, "failed": 0, "retry": 0}
    if not owned:
        return counts
    retry_ids: list[int] = []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("E-book mail: cannot reach the mail server: %s", exc)
        for pk in owned:
            if _record_failure(pk, Reason.CONNECTION, _describe(exc), temporary=True):
                retry_ids.append(pk)
            else:
                counts["failed"] += 1
        _enqueue_retry(retry_ids)
        counts["retry"] = len(retry_ids)
        return counts
    try:
        for index, pk in enumerate(owned):
            delivery = EBookDelivery.objects.select_related("build__page").get(pk=pk)
            try:
                connection.send_messages([compose_message(delivery, connection)])
            except smtplib.SMTPRecipientsRefused as exc:
                code = next(iter(exc.recipients.values()), (550, b""))[0]
                reason = Reason.TEMPORARY if 400 <= code < 500 else Reason.REFUSED
                detail = "; ".join(
                    f"{c} {m.decode('utf-8', 'replace') if isinstance(m, bytes) else m}"
                    for c, m in exc.recipients.values()
                )
                if _record_failure(pk, reason, detail, temporary=400 <= code < 500):
                    retry_ids.append(pk)
                else:
                    counts["failed"] += 1
            except smtplib.SMTPResponseException as exc:
                temporary = 400 <= exc.smtp_code < 500
                reason = Reason.TEMPORARY if temporary else Reason.REFUSED
                if _record_failure(pk, reason, _describe(exc), temporary=temporary):
                    retry_ids.append(pk)
                else:
                    counts["failed"] += 1
            except (OSError, smtplib.SMTPException) as exc:
                # The connection broke: this one and the rest of the batch go back to the queue.
                logger.warning("E-book mail: connection lost: %s", exc)
                for rest in owned[index:]:
                    if _record_failure(rest, Reason.CONNECTION, _describe(exc), temporary=True):
                        retry_ids.append(rest)
                    else:
                        counts["failed"] += 1
                break
            else:
                EBookDelivery.objects.filter(pk=pk).update(
                    status=Status.SENT,
                    reason="",
                    detail="",
                    sent_at=timezone.now(),
                    updated_at=timezone.now(),
                )
                counts["sent"] += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass
    _enqueue_retry(retry_ids)
    counts["retry"] = len(retry_ids)
    return counts


def _enqueue_retry(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return
    from .tasks import send_deliveries_task

    task = send_deliveries_task
    if task.get_backend().supports_defer:
        delay = int(ebook_setting("SEND_RETRY_DELAY_SECONDS"))
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(delivery_ids)
