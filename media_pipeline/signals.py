"""The upload hook: a new (or replaced) original is probed once the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import jobs, tasks
from .models import MediaAsset, Rendition


@receiver(pre_save, sender=MediaAsset)
def remember_previous_original(sender, instance: MediaAsset, **kwargs) -> None:
    previous = None
    if instance.pk:
        previous = (
            MediaAsset.objects.filter(pk=instance.pk).values_list("original", flat=True).first()
        )
    instance._previous_original = previous


@receiver(post_save, sender=MediaAsset)
def enqueue_probe_for_new_original(
    sender, instance: MediaAsset, created: bool, raw: bool = False, **kwargs
) -> None:
    if raw:
        return
    previous = getattr(instance, "_previous_original", None)
    replaced = not created and previous not in (None, instance.original.name)
    if not (created or replaced):
        return
    if replaced:
        jobs.reset_asset(instance)
        instance.refresh_from_db()
        storage = instance.original.storage
        transaction.on_commit(lambda: storage.delete(previous))
    tasks.enqueue_due(jobs.Due(probes=[instance.pk]))


@receiver(post_delete, sender=Rendition)
def delete_unused_rendition_file(sender, instance: Rendition, **kwargs) -> None:
    """Content-addressed files may be shared: delete one once no rendition names it."""
    from .transcode import delete_rendition_file_if_unused

    name, type_ = instance.file.name, instance.type
    transaction.on_commit(lambda: delete_rendition_file_if_unused(name, type_))


@receiver(post_delete, sender=MediaAsset)
def delete_original_file(sender, instance: MediaAsset, **kwargs) -> None:
    if instance.original:
        storage, name = instance.original.storage, instance.original.name
        transaction.on_commit(lambda: storage.delete(name))
    image_ids = [pk for pk in (instance.poster_id, instance.thumbnail_id) if pk]
    if image_ids:
        from wagtail.images import get_image_model

        transaction.on_commit(lambda: get_image_model().objects.filter(pk__in=image_ids).delete())
