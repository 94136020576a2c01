"""Publishing an e-book page enqueues its build once the publishing transaction has committed."""

from __future__ import annotations

from wagtail.signals import page_published

from .models import EBookPage
from .tasks import enqueue_build


def enqueue_build_on_publish(sender, instance: EBookPage, revision=None, **kwargs) -> None:
    enqueue_build(instance.pk, revision.pk if revision is not None else None)


def connect() -> None:
    page_published.connect(
        enqueue_build_on_publish, sender=EBookPage, dispatch_uid="maktaba-ebook-build"
    )
