"""An assignment saved for offline use: its resources as one pack, the teacher's selection.

Built with the catalogue's pack builder (``catalog/offline/packs.py``: the same ``.zip`` with an
offline ``index.html``, the same size estimate and limit, named by its content hash so a changed,
added or unpublished resource makes a new pack), offered on the assignment to whoever may see it:
the pupils of its classes, their guardians and its teachers.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from catalog.offline.packs import Pack, pack_of

from .audience import User, children_of, classes_taught, own_pupil
from .due_dates import format_due
from .models import Assignment
from .progress import assignments_for


def pack_of_assignment(assignment: Assignment, *, listen: bool = False) -> Pack:
    """The pack of the assignment's live, public resources (``listen``: the sound only)."""
    with translation.override("ar"):  # the pack's index page is in Arabic, as subject packs are
        heading = gettext("Homework due on %(date)s") % {"date": format_due(assignment.due_on)}
    return pack_of(
        assignment.resources.all(),
        prefix=f"assignment-{assignment.pk}",
        scope=f"assignment|{assignment.pk}|{assignment.due_on.isoformat()}",
        heading=heading,
        listen=listen,
    )


def assignment_for_pack(user: User, pk: int) -> Assignment | None:
    """The active assignment ``pk`` when ``user`` may see it: a pupil of its classes, their
    guardian, its teacher or a teacher of one of its classes; else ``None``."""
    assignment = Assignment.objects.filter(pk=pk, state=Assignment.State.ACTIVE).first()
    if assignment is None:
        return None
    pupil = own_pupil(user)
    pupils = [pupil] if pupil is not None else children_of(user)
    if any(assignments_for(p).filter(pk=pk).exists() for p in pupils):
        return assignment
    if assignment.teacher_id == getattr(user, "pk", None):
        return assignment
    if assignment.classes.filter(pk__in=classes_taught(user)).exists():
        return assignment
    return None
