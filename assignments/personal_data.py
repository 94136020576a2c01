"""What the assignments app keeps about one pupil, for the family's "My data" (law 09-08).

Named in ``MAKTABA_PORTAL["PERSONAL_DATA_SECTIONS"]``, so the portal's collector lists it
without importing this app. The assignments set to the pupil's class (what their to-do list
shows) and any with their done mark, and every progress row: first opening and place in a
recording. Teachers are not named, as the portal shows staff as "the school".
"""

from __future__ import annotations

from typing import Any

from portal_auth.models import Pupil

from .models import Assignment, PupilProgress
from .progress import assignments_for


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def for_pupil(pupil: Pupil) -> dict[str, Any]:
    rows = list(
        PupilProgress.objects.filter(pupil=pupil)
        .select_related("year", "resource")
        .order_by("year__starts_on", "pk")
    )
    done = {row.assignment_id: row.done_at for row in rows if row.assignment_id}
    assignments = (
        Assignment.objects.filter(
            pk__in=[*done, *assignments_for(pupil).values_list("pk", flat=True)]
        )
        .prefetch_related("resources")
        .order_by("due_on", "pk")
    )
    return {
        "assignments": [
            {
                "due_on": _when(a.due_on),
                "instructions": a.instructions,
                "resources": sorted(r.title for r in a.resources.all()),
                "state": a.state,
                "state_label": str(a.get_state_display()),
                "done_at": _when(done.get(a.pk)),
            }
            for a in assignments
        ],
        "progress": [
            {
                "year": row.year.label,
                "resource": row.resource.title,
                "first_opened_at": _when(row.opened_at),
                "position_seconds": row.position_seconds,
                "played_most_at": _when(row.played_at),
            }
            for row in rows
            if row.resource_id
        ],
    }
