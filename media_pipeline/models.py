"""Media assets: an uploaded audio or video file, kept untouched, and what is made from it.

This module knows nothing of resources or pupils: the catalogue points at an asset, never the
other way round. An asset owns one :class:`TranscodeJob` per rung of the ladder and, once a job is
done, the :class:`Rendition` it produced.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
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
    frame_rate = models.FloatField(_("frames a second"), null=True, blank=True)
    has_audio = models.BooleanField(_("has sound"), default=False)
    probe_summary = models.JSONField(_("probe summary"), default=dict, blank=True, editable=False)
    probed_at = models.DateTimeField(_("checked at"), null=True, blank=True, editable=False)
    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("poster"),
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thumbnail"),
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

    @property
    def progress(self) -> int:
        """Overall progress in percent, over every job of the asset."""
        jobs = list(self.jobs.all())
        if not jobs:
            return 100 if self.is_ready else 0
        return round(sum(100 if job.is_done else job.progress for job in jobs) / len(jobs))

    def ready_renditions(self) -> list["Rendition"]:
        return list(self.renditions.all())

    @property
    def original_url(self) -> str:
        return reverse("media_pipeline:original", args=[self.pk])


class Rendition(models.Model):
    """A file made from an asset's original. Content-addressed: its name is its SHA-256."""

    class Type(models.TextChoices):
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        HLS = "hls", _("HLS playlist")

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("asset")
    )
    profile = models.CharField(_("profile"), max_length=32)
    type = models.CharField(_("type"), max_length=8, choices=Type.choices)
    file = models.FileField(_("file"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    mime_type = models.CharField(_("content type"), max_length=64)
    codecs = models.CharField(_("codecs"), max_length=64, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    bitrate = models.PositiveIntegerField(_("bits a second"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["asset", "profile"], name="unique_rendition_profile")
        ]
        ordering = ["size"]

    def __str__(self) -> str:
        return f"{self.asset} · {self.profile}"

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""

    @property
    def size_mb(self) -> float:
        """Megabytes with one decimal; a non-empty file never shows as 0."""
        return max(round(self.size / 1_000_000, 1), 0.1 if self.size else 0.0)

    @property
    def url(self) -> str:
        """Where the file is served (with range requests and a permission check)."""
        if self.type == self.Type.HLS:
            return reverse("media_pipeline:hls", args=[self.asset_id, self.checksum, "master.m3u8"])
        return reverse(
            "media_pipeline:rendition", args=[self.asset_id, self.checksum, self.extension]
        )

    @property
    def type_attribute(self) -> str:
        """The ``type`` of a ``<source>``, codecs included so browsers can skip what they lack."""
        if self.codecs:
            return f'{self.mime_type}; codecs="{self.codecs}"'
        return self.mime_type


class TranscodeJob(models.Model):
    """One rung of the ladder for one asset: its state, progress, attempts and timings."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("asset")
    )
    profile = models.CharField(_("profile"), max_length=32)
    required = models.BooleanField(_("required for playing"), default=False)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in percent"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error_message = models.TextField(_("error"), blank=True)
    error_detail = models.TextField(_("technical detail"), blank=True, editable=False)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("transcoding job")
        verbose_name_plural = _("transcoding jobs")
        constraints = [
            models.UniqueConstraint(fields=["asset", "profile"], name="unique_job_profile")
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.asset} · {self.profile} · {self.state}"

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE

    @property
    def elapsed_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
