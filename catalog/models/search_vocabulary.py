"""Words the search page understands: taxonomy mentions and the curriculum thesaurus.

Both are data editors extend in the admin ("School structure" → "Search words"); the data
migration ``0007_search_vocabulary`` seeds them. ``catalog.pupil_query`` reads them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from library.bidi_controls import validate_no_bidi_controls

from .taxonomy import Level, Subject, Track


class TaxonomyMention(models.Model):
    """A way pupils name a level, a track or a subject in a query: «2bac», «جذع مشترك», «philo».

    The official names of every level, track and subject are recognised without a row here; rows
    add the colloquial forms. A mention names exactly one of level, track, subject.
    """

    text = models.CharField(
        _("words"),
        max_length=64,
        unique=True,
        validators=[validate_no_bidi_controls],
        help_text=_("As pupils type it; case, accents, harakat and hamza forms do not matter."),
    )
    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("level")
    )
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("track")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("subject")
    )

    panels = [FieldPanel("text"), FieldPanel("level"), FieldPanel("track"), FieldPanel("subject")]

    class Meta:
        ordering = ["text"]
        verbose_name = _("taxonomy mention")
        verbose_name_plural = _("taxonomy mentions")

    def clean(self) -> None:
        if sum(x is not None for x in (self.level_id, self.track_id, self.subject_id)) != 1:
            raise ValidationError(_("Choose exactly one of level, track and subject."))

    def __str__(self) -> str:
        return self.text


class CurriculumSynonym(models.Model):
    """Words that mean the same in the programme: «الاحتباس الحراري», «ظاهرة الدفيئة».

    A query holding one of the terms also searches the others, with a lower weight than the
    words the pupil typed.
    """

    terms = models.TextField(
        _("terms"),
        validators=[validate_no_bidi_controls],
        help_text=_("Two or more terms of the same meaning, one per line."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("curriculum synonym")
        verbose_name_plural = _("curriculum synonyms")

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]

    def clean(self) -> None:
        if len(self.term_list()) < 2:
            raise ValidationError(_("Give at least two terms, one per line."))

    def __str__(self) -> str:
        return " = ".join(self.term_list())
