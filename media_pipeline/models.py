"""Media assets: an uploaded audio or video file, kept untouched, and what is made from it.

This module knows nothing of resources or pupils: the catalogue points at an asset, never the
other way round. The transcoding ladder, jobs and renditions are added by the media pipeline.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


def original_upload_to(instance: "MediaAsset", filename: str) -> str:
    return f"media/originals/{filename}"


class MediaAsset(index.Indexed, models.Model):
    """An audio or video upload."""

    class Kind(models.TextChoices):
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting to be checked")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    original = models.FileField(_("original file"), upload_to=original_upload_to, max_length=255)
    original_size = models.PositiveBigIntegerField(_("original size in bytes"), default=0)
    checksum = models.CharField(
        _("SHA-256 of the original"), max_length=64, blank=True, db_index=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.UPLOADED, db_index=True
    )
    error_message = models.TextField(_("error"), blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("media asset")
        verbose_name_plural = _("media assets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY
