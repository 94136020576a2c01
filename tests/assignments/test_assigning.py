"""The rules an assignment keeps, whichever screen changes it."""

from __future__ import annotations

import datetime

import pytest

from assignments import assigning
from assignments.models import Assignment, Teaching
from portal_auth.models import StaffRole

from .conftest import next_school_day, next_sunday

pytestmark = pytest.mark.django_db


def create(w, **overrides):
    fields = {
        "classes": [w["taught"]],
        "resources": [w["lesson"]],
        "due_on": next_school_day(2),
        "instructions": "Lisez la leçon",
    }
    return assigning.create_assignment(w["teacher"], **(fields | overrides))


def test_a_teacher_assigns_to_their_own_class(school_world):
    assignment = create(school_world)
    assert list(assignment.classes.all()) == [school_world["taught"]]
    assert list(assignment.resources.all()) == [school_world["lesson"]]
    assert assignment.state == Assignment.State.ACTIVE


def test_a_class_the_teacher_does_not_teach_is_refused(school_world):
    with pytest.raises(assigning.ClassNotTaught) as refused:
        create(school_world, classes=[school_world["taught"], school_world["other"]])
    assert "1BAC-SP-2" in refused.value.message
    assert not Assignment.objects.exists()


def test_a_teaching_at_a_school_where_the_role_ended_no_longer_counts(school_world):
    StaffRole.objects.filter(user=school_world["teacher"]).delete()
    with pytest.raises(assigning.ClassNotTaught):
        create(school_world)


def test_a_class_of_a_past_year_is_not_taught(school_world):
    from tests.factories.schools import make_class, make_school_year

    current = school_world["year"]
    last_label = f"{int(current.label[:4]) - 1}-{current.label[:4]}"
    old = make_class(school_world["school"], year=make_school_year(last_label, current=False))
    Teaching.objects.create(teacher=school_world["teacher"], school_class=old)
    with pytest.raises(assigning.ClassNotTaught):
        create(school_world, classes=[old])


def test_no_class_or_no_resource_is_refused(school_world):
    with pytest.raises(assigning.NoClass):
        create(school_world, classes=[])
    with pytest.raises(assigning.NoResource):
        create(school_world, resources=[])


def test_an_unpublished_resource_is_refused(school_world):
    school_world["lesson"].unpublish()
    school_world["lesson"].refresh_from_db()
    with pytest.raises(assigning.ResourceUnavailable):
        create(school_world)


def test_a_due_date_in_the_past_is_refused(school_world):
    yesterday = next_school_day(0) - datetime.timedelta(days=2)
    with pytest.raises(assigning.DueDateInPast):
        create(school_world, due_on=yesterday, today=next_school_day(0))


def test_a_sunday_is_a_warning_the_teacher_can_confirm(school_world):
    sunday = next_sunday()
    with pytest.raises(assigning.DueDateNotSchoolDay) as warned:
        create(school_world, due_on=sunday)
    assert not Assignment.objects.exists()
    assert warned.value.message
    assignment = create(school_world, due_on=sunday, confirm_non_school_day=True)
    assert assignment.due_on == sunday


def test_a_day_after_the_school_year_is_not_a_school_day(school_world):
    after = school_world["year"].ends_on + datetime.timedelta(days=1)
    while after.isoweekday() == 7:
        after += datetime.timedelta(days=1)
    with pytest.raises(assigning.DueDateNotSchoolDay) as warned:
        create(school_world, due_on=after)
    assert school_world["year"].label in warned.value.message


def test_edit_changes_resources_and_text(school_world):
    assignment = create(school_world)
    assigning.edit_assignment(
        assignment,
        school_world["teacher"],
        classes=[school_world["taught"]],
        resources=[school_world["lesson"], school_world["exercise"]],
        due_on=assignment.due_on,
        instructions="Faites les exercices 1 à 3",
    )
    assignment.refresh_from_db()
    assert assignment.resources.count() == 2
    assert assignment.instructions == "Faites les exercices 1 à 3"


def test_edit_refuses_a_new_class_not_taught(school_world):
    assignment = create(school_world)
    with pytest.raises(assigning.ClassNotTaught):
        assigning.edit_assignment(
            assignment,
            school_world["teacher"],
            classes=[school_world["taught"], school_world["other"]],
            resources=[school_world["lesson"]],
            due_on=assignment.due_on,
        )
    assert assignment.classes.count() == 1


def test_edit_keeps_a_past_due_date_unchanged(school_world):
    assignment = create(school_world)
    Assignment.objects.filter(pk=assignment.pk).update(
        due_on=next_school_day(0) - datetime.timedelta(days=3)
    )
    assignment.refresh_from_db()
    assigning.edit_assignment(
        assignment,
        school_world["teacher"],
        classes=[school_world["taught"]],
        resources=[school_world["lesson"]],
        due_on=assignment.due_on,
        instructions="Corrigé",
    )
    assert Assignment.objects.get(pk=assignment.pk).instructions == "Corrigé"


def test_only_its_teacher_changes_it(school_world):
    assignment = create(school_world)
    with pytest.raises(assigning.NotYourAssignment):
        assigning.withdraw(assignment, school_world["colleague"])
    with pytest.raises(assigning.NotYourAssignment):
        assigning.postpone(assignment, school_world["colleague"], next_school_day(9))
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.ACTIVE


def test_postpone_moves_later_only(school_world):
    assignment = create(school_world, due_on=next_school_day(3))
    with pytest.raises(assigning.NotLater):
        assigning.postpone(assignment, school_world["teacher"], next_school_day(1))
    later = next_school_day(8)
    assigning.postpone(assignment, school_world["teacher"], later)
    assert Assignment.objects.get(pk=assignment.pk).due_on == later


def test_a_withdrawn_assignment_no_longer_changes(school_world):
    assignment = create(school_world)
    assigning.withdraw(assignment, school_world["teacher"])
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.WITHDRAWN
    with pytest.raises(assigning.AssignmentWithdrawn):
        assigning.postpone(assignment, school_world["teacher"], next_school_day(9))


def _holiday_in(year) -> datetime.date:
    """A public holiday of the school year that is not a Sunday."""
    from library.school_calendar import ClosureKind, closure_on

    day = year.starts_on
    while day <= year.ends_on:
        closure = closure_on(day)
        if closure is not None and closure.kind == ClosureKind.PUBLIC:
            return day
        day += datetime.timedelta(days=1)
    raise AssertionError("no public holiday in the school year")


def test_a_public_holiday_is_a_warning_naming_the_holiday(school_world):
    holiday = _holiday_in(school_world["year"])
    before = holiday - datetime.timedelta(days=1)
    with pytest.raises(assigning.DueDateNotSchoolDay) as warned:
        create(school_world, due_on=holiday, today=before)
    from library.school_calendar import closure_on

    assert str(closure_on(holiday).name) in warned.value.message
    assignment = create(school_world, due_on=holiday, today=before, confirm_non_school_day=True)
    assert assignment.due_on == holiday
