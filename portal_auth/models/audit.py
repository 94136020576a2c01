"""The security log: who did what to which account, when and from where. Never any secret."""

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
