"""Task-queue entry points of offline use: building a subject pack (queue ``default``).

The build is idempotent: a pack is named by its content hash, and one already stored is kept.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task(queue_name="default")
def build_pack_task(level_id: int, subject_id: int, listen: bool) -> str | None:
    """Build the current pack of a level and subject; returns its stored name."""
    from ..models import Level, Subject
    from .packs import build, clear_building, pack_for

    level = Level.objects.filter(pk=level_id).first()
    subject = Subject.objects.filter(pk=subject_id).first()
    if level is None or subject is None:
        return None
    pack = pack_for(level, subject, listen=listen)
    try:
        if not pack.files or pack.too_large:
            return None
        return build(pack)
    finally:
        clear_building(pack)


def enqueue_pack_build(pack) -> None:
    """Have the pack built by the worker once the current transaction commits."""
    from .packs import mark_building

    mark_building(pack)
    transaction.on_commit(
        lambda: build_pack_task.enqueue(pack.level.pk, pack.subject.pk, pack.listen)
    )
