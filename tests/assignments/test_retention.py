"""Progress lasts the school year: the periodic purge deletes it once the year has ended."""

from __future__ import annotations

import datetime

import pytest

from assignments import assigning, progress
from assignments.models import Assignment, PupilProgress
from assignments.retention import purge_ended_years
from assignments.tasks import purge_ended_years_task
from library.periodic import entries

from .conftest import next_school_day

pytestmark = pytest.mark.django_db


def test_progress_goes_once_its_year_has_ended_and_not_before(school_world):
    w = school_world
    assignment = assigning.create_assignment(
        w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=next_school_day(2)
    )
    progress.record_opened(w["pupil"].user, w["lesson"])
    progress.set_done(w["pupil"], assignment.pk, True)
    assert PupilProgress.objects.count() == 2
    assert purge_ended_years(w["year"].ends_on) == 0  # the last day of the year still counts
    assert PupilProgress.objects.count() == 2
    assert purge_ended_years(w["year"].ends_on + datetime.timedelta(days=1)) == 2
    assert not PupilProgress.objects.exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_the_purge_is_a_periodic_task(school_world):
    entry = {e.name: e for e in entries()}["assignments-retention"]
    assert entry.enabled
    assert entry.task == f"{purge_ended_years_task.module_path}"
    assert purge_ended_years_task.call() == 0
