"""Activation codes handed out on paper by the school; only a keyed hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Guardian, Pupil


class ActivationCodeQuerySet(models.QuerySet):
    def usable(self) -> ActivationCodeQuerySet:
        """Codes not used, not revoked and not expired."""
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class ActivationCode(models.Model):
    """A single-use secret for activating (or resetting) one pupil's or one guardian's account.

    A guardian code is printed for one child: it proves the guardian was given that child's slip.
    """

    class Kind(models.TextChoices):
        PUPIL = "pupil", _("pupil")
        GUARDIAN = "guardian", _("guardian")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="activation_codes", verbose_name=_("pupil")
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activation_codes",
        verbose_name=_("guardian"),
    )
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["pupil", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="pupil", guardian__isnull=True)
                | Q(kind="guardian", guardian__isnull=False),
                name="guardian_code_names_its_guardian",
            )
        ]

    def __str__(self) -> str:
        holder = self.guardian if self.guardian_id else self.pupil
        return f"{self.get_kind_display()} · {holder} · {self.status_label}"

    @property
    def status(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def status_label(self) -> str:
        return {
            "used": _("used"),
            "revoked": _("revoked"),
            "expired": _("expired"),
            "active": _("active"),
        }[self.status]
