"""Demo marks, timetables, tests and absences: re-runnable, and the semester is published."""

import pytest
from django.core.management import CommandError, call_command

from portal_auth.models import Absence, Assessment, Mark, SemesterPublication, TimetableSlot
from portal_auth.records.grading import semester_reports

pytestmark = pytest.mark.django_db


def test_needs_the_demo_world_first():
    with pytest.raises(CommandError):
        call_command("load_portal_records_demo", "--force")


def test_records_demo_is_idempotent_and_published():
    call_command("load_portal_demo_data", "--force")
    call_command("load_portal_records_demo", "--force")
    counts = [m.objects.count() for m in (Mark, TimetableSlot, Assessment, Absence)]
    call_command("load_portal_records_demo", "--force")
    assert [m.objects.count() for m in (Mark, TimetableSlot, Assessment, Absence)] == counts
    assert all(counts)
    publication = SemesterPublication.objects.select_related("school_class").first()
    pupil_ids = list(publication.school_class.enrolments.values_list("pupil_id", flat=True))
    reports = semester_reports(publication.school_class, 1, pupil_ids)
    assert all(r.average is not None for r in reports.values())


def test_demo_marks_follow_the_subjects_of_the_class_track():
    """A 1BAC sciences expérimentales pupil has no accounting or economics marks, and no test on
    a Sunday."""
    from portal_auth.models import SchoolClass, SubjectCoefficient

    call_command("load_portal_demo_data", "--force")
    call_command("load_portal_records_demo", "--force")
    for school_class in SchoolClass.objects.filter(school__code__startswith="DEMO-"):
        taught = set(
            SubjectCoefficient.objects.filter(
                level=school_class.level, track=school_class.track
            ).values_list("subject__slug", flat=True)
        )
        if not taught:
            continue
        marked = set(
            Mark.objects.filter(school_class=school_class).values_list("subject__slug", flat=True)
        )
        assert marked <= taught, (school_class.name, marked - taught)
    assert not any(a.date.isoweekday() == 7 for a in Assessment.objects.all())
    bac1 = SchoolClass.objects.get(level__code="1BAC", school__code="DEMO-L1")
    assert bac1.track.slug == "sciences-experimentales" and bac1.name == "1BAC-SE-1"
    marked = set(Mark.objects.filter(school_class=bac1).values_list("subject__slug", flat=True))
    assert {"physique-chimie", "svt", "mathematiques"} <= marked
    assert not marked & {"comptabilite", "economie", "organisation-entreprises"}
