"""Publishing an e-book page enqueues its build once the publishing transaction has committed."""

from __future__ import annotations

from django.db import transaction
from wagtail.signals import page_published

from .models import EBookPage


def enqueue_build_on_publish(sender, instance: EBookPage, revision=None, **kwargs) -> None:
    from .tasks import build_ebook_task

    page_id = instance.pk
    revision_id = revision.pk if revision is not None else None
    transaction.on_commit(lambda: build_ebook_task.enqueue(page_id, revision_id))


def connect() -> None:
    page_published.connect(
        enqueue_build_on_publish, sender=EBookPage, dispatch_uid="maktaba-ebook-build"
    )
