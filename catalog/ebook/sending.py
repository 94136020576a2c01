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
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from library.task_timeouts import task_timeout

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


def record_deliveries(build: EBookBuild, editor) -> tuple[QueueOutcome, list[int]]:
    """Record one delivery per recipient of ``editor`` for ``build``; return the new ones' ids.

    ``tasks.queue_deliveries`` enqueues them; this module never enqueues.
    """
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
    return outcome, ids


@dataclass(frozen=True)
class BookLinks:
    """What every message about one build links to (computed once per batch)."""

    book_title: str
    page_url: str
    epub_url: str
    pdf_url: str
    version: int

    @classmethod
    def for_build(cls, build: EBookBuild) -> BookLinks:
        page = build.page
        page_url = page.get_full_url() or ""
        return cls(
            book_title=page.title,
            page_url=page_url,
            epub_url=page_url + "download/latest.epub",
            pdf_url=page_url + "download/latest.pdf",
            version=build.version or 0,
        )


def compose_message(delivery: EBookDelivery, links: BookLinks, connection=None) -> EmailMessage:
    """The message in the recipient's language, with links to the page and the files."""
    context = {
        "delivery": delivery,
        "book_title": links.book_title,
        "page_url": links.page_url,
        "epub_url": links.epub_url,
        "pdf_url": links.pdf_url,
        "version": links.version,
    }
    with translation.override(delivery.language or "ar"):
        subject = render_to_string("catalog/ebook/email/delivery_subject.txt", context)
        body = render_to_string("catalog/ebook/email/delivery_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[delivery.email],
        connection=connection,
        headers={
            "Content-Language": delivery.language or "ar",
            # The same for every attempt at one delivery: a resumed send that repeats a message
            # already accepted is recognised as the same message by the receiving side.
            "Message-ID": f"<ebook-delivery-{delivery.pk}.{delivery.build_id}@{DNS_NAME}>",
        },
    )


def _claim(delivery_ids: list[int]) -> list[int]:
    """Move queued deliveries to "sending"; returns the ids this worker now owns.

    Each row is taken by its own conditional update (queued → sending), all in one transaction:
    a second worker running the same batch finds them no longer queued and takes none.
    """
    owned = []
    now = timezone.now()
    with transaction.atomic():
        for pk in delivery_ids:
            taken = EBookDelivery.objects.filter(pk=pk, status=Status.QUEUED).update(
                status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now
            )
            if taken:
                owned.append(pk)
    return owned


@dataclass
class BatchOutcome:
    """What happened to each claimed delivery; written in one transaction at the end.

    A sent message is recorded at once (``mark_sent``), so a worker killed mid-batch leaves
    "sending" only the delivery it was on and those after it; failures are written together at
    the end. A claimed delivery stays "sending" until its outcome is written, and only
    ``resume_interrupted`` (long after any batch could still be running) hands it out again.
    """

    max_attempts: int
    sent: list[int] = field(default_factory=list)
    failures: list[tuple[EBookDelivery, str, str, bool]] = field(default_factory=list)

    def mark_sent(self, delivery: EBookDelivery) -> None:
        now = timezone.now()
        EBookDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.SENT, reason="", detail="", sent_at=now, updated_at=now
        )
        self.sent.append(delivery.pk)

    def fail(self, delivery: EBookDelivery, reason: str, detail: str, temporary: bool) -> None:
        self.failures.append((delivery, reason, detail, temporary))

    def save(self) -> list[int]:
        """Store every outcome; returns the ids to retry."""
        retry: list[int] = []
        now = timezone.now()
        # ``update`` (never ``save``): delivery bookkeeping must not bump the page cache.
        with transaction.atomic():
            for delivery, reason, detail, temporary in self.failures:
                again = temporary and delivery.attempts < self.max_attempts
                EBookDelivery.objects.filter(pk=delivery.pk).update(
                    status=Status.QUEUED if again else Status.FAILED,
                    reason=reason,
                    detail=detail[:500],
                    updated_at=now,
                )
                if again:
                    retry.append(delivery.pk)
        return retry

    def counts(self, retry: list[int]) -> dict[str, int]:
        return {
            "sent": len(self.sent),
            "failed": len(self.failures) - len(retry),
            "retry": len(retry),
        }


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{exc.smtp_code} {message}"
    return f"{type(exc).__name__}: {exc}"


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> tuple[str, str, bool]:
    code = next(iter(exc.recipients.values()), (550, b""))[0]
    temporary = 400 <= code < 500
    detail = "; ".join(
        f"{c} {m.decode('utf-8', 'replace') if isinstance(m, bytes) else m}"
        for c, m in exc.recipients.values()
    )
    return (Reason.TEMPORARY if temporary else Reason.REFUSED), detail, temporary


def send_batch(delivery_ids: list[int]) -> tuple[dict[str, int], list[int]]:
    """Send the given deliveries over one connection; return the counts and the ids to retry."""
    owned = _claim(delivery_ids)
    outcome = BatchOutcome(max_attempts=int(ebook_setting("SEND_MAX_ATTEMPTS")))
    if not owned:
        return outcome.counts([]), []
    deliveries = list(
        EBookDelivery.objects.select_related("build__page").filter(pk__in=owned).order_by("pk")
    )
    links: dict[int, BookLinks] = {}
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("E-book mail: cannot reach the mail server: %s", exc)
        for delivery in deliveries:
            outcome.fail(delivery, Reason.CONNECTION, _describe(exc), temporary=True)
        retry = outcome.save()
        return outcome.counts(retry), retry
    try:
        for index, delivery in enumerate(deliveries):
            if delivery.build_id not in links:
                links[delivery.build_id] = BookLinks.for_build(delivery.build)
            try:
                message = compose_message(delivery, links[delivery.build_id], connection)
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                outcome.fail(delivery, *_refusal(exc))
            except smtplib.SMTPResponseException as exc:
                temporary = 400 <= exc.smtp_code < 500
                reason = Reason.TEMPORARY if temporary else Reason.REFUSED
                outcome.fail(delivery, reason, _describe(exc), temporary)
            except (OSError, smtplib.SMTPException) as exc:
                # The connection broke: this one and the rest of the batch go back to the queue.
                logger.warning("E-book mail: connection lost: %s", exc)
                for rest in deliveries[index:]:
                    outcome.fail(rest, Reason.CONNECTION, _describe(exc), temporary=True)
                break
            else:
                outcome.mark_sent(delivery)
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass
        retry = outcome.save()
    return outcome.counts(retry), retry


def resume_interrupted(now=None) -> list[int]:
    """Deliveries to hand to the queue again; returns their ids, oldest first.

    - "sending" long after any batch could still run (the mail queue's task timeout): the
      worker died. Messages already accepted were recorded one by one, so what is left was, at
      most, the one in flight. It goes back to the queue (its attempt counted), or fails with
      the reason once its attempts are used up.
    - "queued" and untouched for ``SEND_LOST_AFTER_SECONDS`` (longer than a retry's delay): a
      queue that keeps nothing on disk forgot the task. Each is marked as handed out now.
    """
    now = now or timezone.now()
    mail_timeout = task_timeout("mail")
    stale = now - timedelta(seconds=mail_timeout + 60)
    max_attempts = int(ebook_setting("SEND_MAX_ATTEMPTS"))
    detail = f"The sending worker stopped (no outcome after {mail_timeout} s)."
    lost_after = max(
        int(ebook_setting("SEND_LOST_AFTER_SECONDS")),
        2 * int(ebook_setting("SEND_RETRY_DELAY_SECONDS")),
    )
    forgotten = now - timedelta(seconds=lost_after)
    interrupted = EBookDelivery.objects.filter(status=Status.SENDING, updated_at__lt=stale)
    candidates = EBookDelivery.objects.filter(status=Status.QUEUED, updated_at__lt=forgotten)
    resumed = []
    with transaction.atomic():
        for pk, attempts in interrupted.values_list("pk", "attempts"):
            again = attempts < max_attempts
            # Conditional on the row being as read: a late outcome from its worker wins.
            if (
                EBookDelivery.objects.filter(pk=pk, status=Status.SENDING).update(
                    status=Status.QUEUED if again else Status.FAILED,
                    reason=Reason.INTERRUPTED,
                    detail=detail,
                    updated_at=now,
                )
                and again
            ):
                resumed.append(pk)
        for pk in candidates.values_list("pk", flat=True):
            if EBookDelivery.objects.filter(pk=pk, status=Status.QUEUED).update(updated_at=now):
                resumed.append(pk)
    if resumed:
        logger.warning("E-book mail: handing out %s delivery(ies) again", len(resumed))
    return sorted(resumed)


def batches(delivery_ids: list[int]) -> list[list[int]]:
    size = max(1, int(ebook_setting("SEND_BATCH_SIZE")))
    return [delivery_ids[start : start + size] for start in range(0, len(delivery_ids), size)]
