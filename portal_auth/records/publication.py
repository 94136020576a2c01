"""Whether a class's semester marks are visible to pupils and guardians, and publishing them.

Marks are entered and imported freely while a semester is open; pupils and guardians see nothing
of that semester until staff publish it for the class. The publication row records who did it.
"""

from __future__ import annotations

from ..models import SchoolClass, SemesterPublication


def published_semesters(school_class: SchoolClass | None) -> set[int]:
    if school_class is None:
        return set()
    return set(
        SemesterPublication.objects.filter(school_class=school_class).values_list(
            "semester", flat=True
        )
    )


def publish_semester(school_class: SchoolClass, semester: int, user) -> bool:
    """Publish; ``False`` if it already was."""
    _row, created = SemesterPublication.objects.get_or_create(
        school_class=school_class, semester=semester, defaults={"published_by": user}
    )
    return created


def unpublish_semester(school_class: SchoolClass, semester: int) -> bool:
    deleted, _ = SemesterPublication.objects.filter(
        school_class=school_class, semester=semester
    ).delete()
    return bool(deleted)
