"""Task-queue entry points of the e-book: building (queue ``default``) and mail (queue ``mail``).

Both are idempotent: a build of a revision already built returns the existing build, and a
delivery is claimed (queued → sending) before its message goes out, so it is never sent twice.
"""

from __future__ import annotations

from django_tasks import task


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
    from .sending import send_batch

    return send_batch(delivery_ids)


@task(queue_name="mail")
def resume_deliveries_task() -> int:
    """Periodic: hand out again the deliveries a dead worker or a lost queue left behind."""
    from django.db import transaction

    from .sending import batches, resume_interrupted

    ids = resume_interrupted()
    for batch in batches(ids):
        transaction.on_commit(lambda batch=batch: send_deliveries_task.enqueue(batch))
    return len(ids)
