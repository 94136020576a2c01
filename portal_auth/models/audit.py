"""The security log (who did what to which account, when and from where; never any secret) and
the log of staff views of pupils' records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import School
from .people import Guardian, Pupil


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        CODE_ISSUED = "code_issued", _("code issued")
        CODE_REVOKED = "code_revoked", _("code revoked")
        ACTIVATION = "activation", _("activation")
        ACTIVATION_FAILED = "activation_failed", _("activation failed")
        CHILD_ADDED = "child_added", _("child added")
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOCKOUT = "lockout", _("lockout")
        PASSWORD_RESET = "password_reset", _("password reset")
        IMPORT = "import", _("import")
        ACCOUNT_DISABLED = "account_disabled", _("account disabled")
        ACCOUNT_ENABLED = "account_enabled", _("account enabled")
        DATA_EXPORT = "data_export", _("personal data downloaded")
        LINK_MOVED = "link_moved", _("guardian link moved to another guardian")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("school"),
    )
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pupil"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class RecordAccess(models.Model):
    """One staff view of one pupil's records: who, when, which kind of record, on which screen.

    Written by ``access_log``; read by the school's director; purged after
    ``RECORD_ACCESS_RETENTION_DAYS``. The school is the pupil's school at the time of the view.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("personal details")
        MARKS = "marks", _("marks")
        ABSENCES = "absences", _("absences")
        REQUESTS = "requests", _("document requests")
        MESSAGES = "messages", _("messages")
        CODES = "codes", _("activation codes")
        SECURITY = "security", _("security events")

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pupil"),
    )
    kind = models.CharField(_("record"), max_length=16, choices=Kind.choices)
    screen = models.CharField(_("screen"), max_length=200)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("record access")
        verbose_name_plural = _("record accesses")
        indexes = [
            models.Index(fields=["school", "created_at"]),
            models.Index(fields=["pupil", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
