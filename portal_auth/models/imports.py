"""Staff import runs: one uploaded file, checked and then imported by the worker.

The file lives on the default storage (``MEDIA_ROOT/private/imports/`` on the filesystem, never
served; the private bucket with ``MEDIA_STORAGE=s3``), so the node that checks it, the node that
shows the preview and the node that imports it need not be the same. How a run moves between
its states is ``portal_auth/importers/runs.py``'s business.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Academy, School


def import_upload_to(instance: ImportRun, filename: str) -> str:
    """A random name: the uploader's file name is kept on the row, never in a path."""
    return f"private/imports/{uuid.uuid4().hex}"


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        PUPILS = "pupils", _("Pupils and guardians")
        MARKS = "marks", _("Marks")
        TIMETABLE = "timetable", _("Timetable")
        ABSENCES = "absences", _("Absences")
        DIRECTORS = "directors", _("School directors")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        PARSING = "parsing", _("Being checked")
        PREVIEWED = "previewed", _("Checked: waiting for your confirmation")
        CONFIRMING = "confirming", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    class Reason(models.TextChoices):
        NONE = "", _("none")
        ERRORS = "errors", _("The file has errors; nothing was imported.")
        OUT_OF_SCOPE = (
            "scope",
            _("You no longer manage this school or class; nothing was imported."),
        )
        WORKER_LOST = (
            "worker_lost",
            _(
                "The server stopped while working on this file, more than once; nothing was "
                "imported. Upload it again, or split it into smaller files."
            ),
        )
        FILE_LOST = "file_lost", _("The uploaded file is no longer available; upload it again.")
        EXPIRED = "expired", _("This preview has expired; upload the file again.")
        BROKEN = (
            "broken",
            _(
                "The server could not handle this file; nothing was imported. Tell an administrator."
            ),
        )

    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    # A run is for one school, or (school directors) for one academy: exactly one is set.
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("school"),
    )
    academy = models.ForeignKey(
        Academy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("academy"),
    )
    # The targets beyond the school: class, subject and semester (marks), first day (timetable).
    targets = models.JSONField(_("targets"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    filename = models.CharField(_("file name"), max_length=100)
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255, blank=True)
    language = models.CharField(_("uploader's language"), max_length=10, default="", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, default="", blank=True
    )
    # What the check found (a dry run) and what the import did: the fields of its ImportReport.
    check_report = models.JSONField(_("check"), null=True, blank=True)
    import_report = models.JSONField(_("import"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    # When the current step's task was handed to the queue, and when a worker took it.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("taken by a worker at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False, academy__isnull=True)
                | models.Q(school__isnull=True, academy__isnull=False),
                name="import_run_for_a_school_or_an_academy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    @property
    def place(self) -> School | Academy | None:
        """What the run is for: its school, or its academy."""
        return self.school or self.academy

    @property
    def active(self) -> bool:
        return self.status in (
            self.Status.UPLOADED,
            self.Status.PARSING,
            self.Status.CONFIRMING,
        )
