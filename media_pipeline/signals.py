"""The upload hook: a new (or replaced) original is probed once the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import MediaAsset


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
    from . import jobs
    from .tasks import probe_media_asset

    if replaced:
        jobs.reset_asset(instance)
        instance.refresh_from_db()
    transaction.on_commit(lambda: probe_media_asset.enqueue(instance.pk))
