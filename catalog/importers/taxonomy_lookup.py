"""Find levels, tracks and subjects from what a person typed in a manifest.

A regional unit writes ``1BAC`` or ``1bac``, ``physique-chimie`` or ``Physique-chimie`` or
``الفيزياء والكيمياء``: codes and slugs are matched first, then names in any of the three
languages, as long as a name points at exactly one row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from catalog.models import Level, Subject, Track

T = TypeVar("T", bound=Model)


def normalise(text: str) -> str:
    """Compare names the way a person reads them: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class UnknownName(ValueError):
    """A value that names no row, or more than one."""


@dataclass
class NameIndex(Generic[T]):
    """Rows reachable by exact key (code, slug) or by name; names may be ambiguous.

    ``unknown`` and ``ambiguous`` are whole translated sentences (with ``%(value)s`` and
    ``%(choices)s``), so each language can phrase them for a level, a track or a subject.
    """

    unknown: str
    ambiguous: str
    exact: dict[str, T] = field(default_factory=dict)
    by_name: dict[str, list[T]] = field(default_factory=dict)

    def add(self, row: T, keys: list[str], names: list[str]) -> None:
        for key in keys:
            self.exact[normalise(key)] = row
        for name in names:
            bucket = self.by_name.setdefault(normalise(name), [])
            if row not in bucket:
                bucket.append(row)

    def find(self, value: str) -> T:
        key = normalise(value)
        if key in self.exact:
            return self.exact[key]
        matches = self.by_name.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            choices = ", ".join(sorted(getattr(m, "code", None) or m.slug for m in matches))
            raise UnknownName(self.ambiguous % {"value": value, "choices": choices})
        raise UnknownName(self.unknown % {"value": value})


@dataclass
class TaxonomyLookup:
    """Every level, track and subject, loaded once per import with their relations."""

    levels: NameIndex[Level]
    tracks: NameIndex[Track]
    subjects: NameIndex[Subject]
    subject_levels: dict[int, set[int]]
    track_levels: dict[int, set[int]]

    @classmethod
    def load(cls) -> TaxonomyLookup:
        levels: NameIndex[Level] = NameIndex(
            _("unknown level «%(value)s»; use a code from 1AP to 2BAC."),
            _("the level name «%(value)s» fits several levels (%(choices)s); use the code."),
        )
        for level in Level.objects.all():
            levels.add(
                level, [level.code, level.slug], [level.name_ar, level.name_fr, level.name_en]
            )
        tracks: NameIndex[Track] = NameIndex(
            _("unknown track «%(value)s» (tracks are named like sciences-physiques or lettres)."),
            _("the track name «%(value)s» fits several tracks (%(choices)s); use the slug."),
        )
        track_levels: dict[int, set[int]] = {}
        for track in Track.objects.prefetch_related("levels"):
            tracks.add(track, [track.slug], [track.name_ar, track.name_fr, track.name_en])
            track_levels[track.pk] = {level.pk for level in track.levels.all()}
        subjects: NameIndex[Subject] = NameIndex(
            _("unknown subject «%(value)s» (subjects are named like mathematiques or svt)."),
            _("the subject name «%(value)s» fits several subjects (%(choices)s); use the slug."),
        )
        subject_levels: dict[int, set[int]] = {}
        for subject in Subject.objects.prefetch_related("levels"):
            subjects.add(
                subject, [subject.slug], [subject.name_ar, subject.name_fr, subject.name_en]
            )
            subject_levels[subject.pk] = {level.pk for level in subject.levels.all()}
        return cls(levels, tracks, subjects, subject_levels, track_levels)
