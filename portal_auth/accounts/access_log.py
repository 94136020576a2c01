"""The log of staff views of pupils' records (law 09-08): who looked at which pupil's what, when.

Staff screens use ``LogsRecordViews`` (the Wagtail viewsets of marks and absences
``LogsViewSetRecordViews``): each rendering records one ``RecordAccess`` row per pupil
shown and kind of record, with the screen's path (never its query string, which may hold a
search). The same person seeing the same record on the same screen again within
``RECORD_ACCESS_REPEAT_SECONDS`` adds no row: a refresh says nothing new. The director's own
reading of the log is not logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from ..conf import portal_setting
from ..models import Enrolment, Pupil, RecordAccess, SchoolYear

Viewed = Pupil | int | tuple[int, int | None] | None


def _targets(pupils: Iterable[Viewed]) -> dict[int, int | None]:
    """Pupil id -> the school whose record was shown (``None``: the pupil's current school)."""
    targets: dict[int, int | None] = {}
    for item in pupils:
        if isinstance(item, tuple):
            pupil_id, school_id = item
        else:
            pupil_id, school_id = (item.pk if isinstance(item, Pupil) else item), None
        if pupil_id is not None and targets.get(pupil_id) is None:
            targets[pupil_id] = school_id
    return targets


def record_staff_view(request: HttpRequest, pupils: Iterable[Viewed], kind: str) -> int:
    """Log that ``request.user`` was shown ``kind`` records of ``pupils``; returns rows written.

    ``pupils`` holds pupils, pupil ids, or ``(pupil_id, school_id)`` pairs for records that
    belong to a given school (a request or a thread); the others go to the pupil's school of
    the current year.
    """
    if kind not in RecordAccess.Kind.values:
        raise ValueError(f"unknown record kind {kind!r}")
    user = request.user
    targets = _targets(pupils)
    if not targets or not user.is_authenticated:
        return 0
    now = timezone.now()
    screen = request.path[:200]
    recent = now - timedelta(seconds=int(portal_setting("RECORD_ACCESS_REPEAT_SECONDS")))
    seen = set(
        RecordAccess.objects.filter(
            actor=user, kind=kind, screen=screen, pupil_id__in=targets, created_at__gte=recent
        ).values_list("pupil_id", flat=True)
    )
    ids = sorted(i for i in targets if i not in seen)
    year = SchoolYear.objects.current()
    current = (
        dict(
            Enrolment.objects.filter(pupil_id__in=ids, year=year).values_list(
                "pupil_id", "school_class__school_id"
            )
        )
        if year is not None and ids
        else {}
    )
    RecordAccess.objects.bulk_create(
        RecordAccess(
            created_at=now,
            actor=user,
            pupil_id=i,
            school_id=targets[i] or current.get(i),
            kind=kind,
            screen=screen,
        )
        for i in ids
    )
    return len(ids)


class LogsRecordViews:
    """For staff views that render pupils' records: log what the rendered page shows.

    Set ``record_kind`` and return what ``record_staff_view`` takes from ``viewed_pupils``.
    """

    record_kind: str = ""

    def viewed_pupils(self, context: dict) -> Iterable[Viewed]:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        record_staff_view(self.request, self.viewed_pupils(context), self.record_kind)
        return super().render_to_response(context, **response_kwargs)


class LogsViewSetRecordViews(LogsRecordViews):
    """For the views of a Wagtail viewset of a model with a ``pupil`` (marks, absences): log
    the rows of the listing page shown, or the one object an edit, delete or history page
    shows. Set ``record_kind``."""

    def viewed_pupils(self, context: dict) -> Iterable[Viewed]:
        rows = context.get("object_list")
        if rows is not None:
            return [row.pupil_id for row in rows]
        shown = getattr(self, "object", None)
        return [shown.pupil_id] if shown is not None and shown.pk else []
