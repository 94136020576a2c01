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
