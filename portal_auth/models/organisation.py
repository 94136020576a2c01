"""The school organisation: academy (AREF) → provincial directorate → school; years and classes.

The twelve academies are created by a data migration; directorates and schools are entered or
imported by staff. Only what the portal needs is kept: names and codes, nothing about people.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.models import Level, Track, TranslatedName


class Academy(TranslatedName):
    """A regional academy of education and training (AREF), one per region."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("academy")
        verbose_name_plural = _("academies")


class BilingualName(models.Model):
    """Abstract base: a name in Arabic and in French, as the ministry publishes them."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=160)
    name_fr = models.CharField(_("name (French)"), max_length=160, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        lang = (get_language() or "ar").split("-")[0]
        if lang != "ar" and self.name_fr:
            return self.name_fr
        return self.name_ar

    def __str__(self) -> str:
        return self.name


class Directorate(BilingualName):
    """A provincial directorate (المديرية الإقليمية) of an academy."""

    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="directorates", verbose_name=_("academy")
    )
    code = models.CharField(_("code"), max_length=16, unique=True)

    class Meta:
        ordering = ["academy__sort_order", "name_fr", "name_ar"]
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")


class School(BilingualName):
    """A school, identified by the code the ministry gives it (used by imports)."""

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="schools", verbose_name=_("directorate")
    )
    code = models.CharField(
        _("school code"), max_length=16, unique=True, help_text=_("The ministry's code.")
    )
    sms_enabled = models.BooleanField(
        _("text messages to families"),
        default=True,
        help_text=_(
            "When off, no text message about this school's pupils is sent; families still see "
            "their notifications in their space and by e-mail if they chose it."
        ),
    )

    class Meta:
        ordering = ["name_fr", "name_ar"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    @property
    def academy(self) -> Academy:
        return self.directorate.academy


class SchoolYearQuerySet(models.QuerySet):
    def current(self) -> SchoolYear | None:
        """The year marked current, else the latest one; ``None`` on an empty install."""
        return self.filter(is_current=True).first() or self.order_by("-starts_on").first()


class SchoolYear(models.Model):
    """A school year such as 2025-2026; one is current at a time."""

    label = models.CharField(_("label"), max_length=9, unique=True, help_text="2025-2026")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current year"), default=False)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_school_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SchoolClass(models.Model):
    """A class of a school in one year (e.g. 1BAC SP 2), at a level and optionally a track."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("school")
    )
    year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school year")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="school_classes", verbose_name=_("level")
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_classes",
        verbose_name=_("track"),
    )
    name = models.CharField(
        _("name"), max_length=32, help_text=_("As the school names it: 1BAC-SP-2.")
    )

    class Meta:
        ordering = ["level__sort_order", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "name"], name="unique_class_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self) -> None:
        if (
            self.track_id
            and self.level_id
            and not self.track.levels.filter(pk=self.level_id).exists()
        ):
            raise ValidationError({"track": _("This track is not offered at this level.")})
