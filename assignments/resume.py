"""Continue where you left off: a pupil's place in a recording of one of their assignments.

Only the position is kept, in whole seconds, on the pupil's progress row of that resource and
year (the same row as the first opening, purged with it at the end of the year). It is recorded
for signed-in pupil accounts and assigned recordings only, as openings are: a recording browsed
in the library, or played by a guardian, a teacher or an anonymous visitor, leaves no trace.
Near the end there is nothing left to resume, so the position goes back to 0. Reaching 80 % of
the recording (or its end) is noted once as "played most of it" (``played_at``), which the
teacher's progress counts.

The resource page asks ``resume_for`` through ``MAKTABA_CATALOG["MEDIA_RESUME_PROVIDER"]``; its
answer is included under the player: a plain link ``?t=<seconds>`` (the player's sources start
there with a media fragment, no script needed) and the small script that reports the position.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from catalog.models import ResourcePage
from portal_auth.models import Pupil, SchoolClass

from .audience import User, current_class, own_pupil
from .models import PupilProgress
from .progress import assignments_for

END_MARGIN_SECONDS = 15  # within this of the end (or the last 5 %, if less): finished
END_MARGIN_SHARE = 0.05
PLAYED_SHARE = 0.8  # a pupil who reached this share of a recording has played most of it


class PositionRefused(ValueError):
    """Not a time of this recording (a 400 for the view)."""


@dataclass(frozen=True)
class Resume:
    position: int  # seconds; 0: nothing to resume yet
    report_url: str
    template: str = "assignments/_resume.html"


def _assigned_to(user: User, page: ResourcePage) -> tuple[Pupil, SchoolClass] | None:
    pupil = own_pupil(user)
    if pupil is None or not page.media_asset_id:
        return None
    if not assignments_for(pupil).filter(resources=page).exists():
        return None
    return pupil, current_class(pupil)


def resume_for(request: HttpRequest, page: ResourcePage) -> Resume | None:
    """For a pupil with ``page`` in an assignment: where they left it and where to report."""
    found = _assigned_to(request.user, page)
    if found is None:
        return None
    pupil, school_class = found
    position = (
        PupilProgress.objects.filter(pupil=pupil, year_id=school_class.year_id, resource=page)
        .values_list("position_seconds", flat=True)
        .first()
    )
    return Resume(position or 0, reverse("assignments:position", args=[page.pk]))


def is_near_end(seconds: int, duration: float) -> bool:
    return seconds >= duration - min(END_MARGIN_SECONDS, duration * END_MARGIN_SHARE)


def has_played_most(seconds: int, duration: float) -> bool:
    return seconds >= duration * PLAYED_SHARE or is_near_end(seconds, duration)


def record_position(user: User, page: ResourcePage, seconds: int) -> bool:
    """Keep where the pupil is in ``page``'s recording; ``False`` when nothing is recorded
    (not a pupil, not assigned). ``PositionRefused`` for a time outside the recording."""
    found = _assigned_to(user, page)
    if found is None:
        return False
    duration = page.media_asset.duration
    if not duration or not 0 <= seconds <= duration + 1:
        raise PositionRefused(seconds)
    pupil, school_class = found
    position = 0 if is_near_end(seconds, duration) else seconds
    row, _ = PupilProgress.objects.get_or_create(
        pupil=pupil, year_id=school_class.year_id, resource=page
    )
    row.position_seconds = position
    fields = ["position_seconds"]
    if row.opened_at is None:
        row.opened_at = timezone.now()
        fields.append("opened_at")
    if row.played_at is None and has_played_most(seconds, duration):
        row.played_at = timezone.now()
        fields.append("played_at")
    row.save(update_fields=fields)
    return True
