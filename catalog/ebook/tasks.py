"""Task-queue entry points of the e-book: building (queue ``default``) and mail (queue ``mail``).

Both are idempotent: a build of a revision already built returns the existing build, and a
delivery is claimed (queued → sending) before its message goes out, so it is never sent twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .conf import ebook_setting
from .sending import QueueOutcome, batches, record_deliveries, resume_interrupted, send_batch


@task(queue_name="default")
def build_ebook_task(page_id: int, revision_id: int | None = None) -> int | None:
    """Build the e-book page ``page_id``; returns the build's id (``None`` if the page is gone)."""
    from .building import build_ebook
    from .models import EBookPage

    page = EBookPage.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return build_ebook(page, revision_id).pk


@task(queue_name="mail")
def send_deliveries_task(delivery_ids: list[int]) -> dict[str, int]:
    """Send one batch of deliveries over one SMTP connection; retries are enqueued again."""
    counts, retry = send_batch(delivery_ids)
    _enqueue_retry(retry)
    return counts


@task(queue_name="mail")
def resume_deliveries_task() -> int:
    """Periodic: hand out again the deliveries a dead worker or a lost queue left behind."""
    ids = resume_interrupted()
    for batch in batches(ids):
        transaction.on_commit(lambda batch=batch: send_deliveries_task.enqueue(batch))
    return len(ids)


def enqueue_build(page_id: int, revision_id: int | None) -> None:
    """Build the page's revision once the current transaction (its publishing) commits."""
    transaction.on_commit(lambda: build_ebook_task.enqueue(page_id, revision_id))


def queue_deliveries(build, editor) -> QueueOutcome:
    """Record one delivery per recipient of ``editor`` for ``build`` and enqueue the new ones."""
    outcome, ids = record_deliveries(build, editor)
    for batch in batches(ids):
        send_deliveries_task.enqueue(batch)
    return outcome


def _enqueue_retry(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return
    retry = send_deliveries_task
    if retry.get_backend().supports_defer:
        delay = int(ebook_setting("SEND_RETRY_DELAY_SECONDS"))
        retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
    retry.enqueue(delivery_ids)
