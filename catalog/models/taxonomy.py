"""The Moroccan school structure: cycles, levels, tracks (filières) and subjects.

Every name is stored in Arabic, French and English; ``name`` returns the one for the active
language, falling back to Arabic. The rows themselves are created by a data migration so that
every install has them; editors maintain them as snippets in the admin.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from library.bidi_controls import validate_no_bidi_controls


class TranslatedName(models.Model):
    """Abstract base: a slug and a name in each interface language."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_ar = models.CharField(
        _("name (Arabic)"), max_length=128, validators=[validate_no_bidi_controls]
    )
    name_fr = models.CharField(
        _("name (French)"), max_length=128, validators=[validate_no_bidi_controls]
    )
    name_en = models.CharField(
        _("name (English)"), max_length=128, validators=[validate_no_bidi_controls]
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("slug"),
        FieldPanel("name_ar"),
        FieldPanel("name_fr"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "slug"]

    @property
    def name(self) -> str:
        lang = (get_language() or "ar").split("-")[0]
        return getattr(self, f"name_{lang}", "") or self.name_ar

    def all_names(self) -> str:
        """All three names, for search indexing."""
        return " ".join(filter(None, [self.name_ar, self.name_fr, self.name_en]))

    def __str__(self) -> str:
        return self.name


class Cycle(TranslatedName):
    """Primaire, collège, secondaire qualifiant."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")


class Level(TranslatedName):
    """A school year within a cycle: 1AP–6AP, 1AC–3AC, TC, 1BAC, 2BAC."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("For example 1BAC."))
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="levels", verbose_name=_("cycle")
    )

    panels = TranslatedName.panels + [FieldPanel("code"), FieldPanel("cycle")]

    class Meta(TranslatedName.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Track(TranslatedName):
    """A track (filière, شعبة) offered at one or more levels of the secondaire qualifiant.

    International options (BIOF, English, Spanish) are an attribute of a class's track, not a
    separate track: see ``international_options``.
    """

    levels = models.ManyToManyField(Level, related_name="tracks", verbose_name=_("levels"))
    international_options = models.BooleanField(
        _("offers international options"),
        default=False,
        help_text=_("Whether classes of this track may follow an international option (BIOF…)."),
    )

    panels = TranslatedName.panels + [FieldPanel("levels"), FieldPanel("international_options")]

    class Meta(TranslatedName.Meta):
        verbose_name = _("track")
        verbose_name_plural = _("tracks")


class SubjectQuerySet(models.QuerySet):
    def taught_at(self, level: Level, track: Track | None = None) -> "SubjectQuerySet":
        """The subjects of a level's programme, and of the track's where a track is given: a
        subject tied to tracks is taught only in those; one tied to none, in every track."""
        qs = self.filter(levels=level)
        if track is not None:
            qs = qs.filter(models.Q(tracks=track) | models.Q(tracks__isnull=True))
        return qs.distinct()


class Subject(index.Indexed, TranslatedName):
    """A subject, the levels it is taught in and, where the programme says so, its tracks."""

    levels = models.ManyToManyField(Level, related_name="subjects", verbose_name=_("levels"))
    tracks = models.ManyToManyField(
        Track,
        blank=True,
        related_name="subjects",
        verbose_name=_("tracks"),
        help_text=_(
            "Only where the subject belongs to some tracks' programmes (accounting, engineering "
            "sciences…). Leave empty when every track of its levels studies it."
        ),
    )

    objects = SubjectQuerySet.as_manager()

    panels = TranslatedName.panels + [FieldPanel("levels"), FieldPanel("tracks")]
    search_fields = [
        index.SearchField("name_ar"),
        index.SearchField("name_fr"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_fr"),
    ]

    class Meta(TranslatedName.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def is_taught_at(self, level: Level, track: Track | None = None) -> bool:
        return Subject.objects.taught_at(level, track).filter(pk=self.pk).exists()
