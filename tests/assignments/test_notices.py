"""Families hear of homework through the notification service: a new assignment once, a class
added later too, and a reminder the day before it is due (once per due date)."""

from __future__ import annotations

import datetime

import pytest

from assignments import assigning, notices
from assignments.tasks import notify_due_tomorrow_task
from library.sms.backends.locmem import outbox as sms_outbox
from portal_auth.models import Notification
from tests.factories.desk import choose_channels

from .conftest import next_school_day

pytestmark = pytest.mark.django_db
K = Notification.Kind


@pytest.fixture(autouse=True)
def sms_box():
    sms_outbox.clear()
    yield sms_outbox
    sms_outbox.clear()


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("pupil_id", flat=True))


def test_a_new_assignment_reaches_its_class_once(school_world, django_capture_on_commit_callbacks):
    w = school_world
    choose_channels(w["guardian"].user, assignment_new=["in_app", "sms"])
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assigning.create_assignment(
            w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=next_school_day(3)
        )
    assert told(K.ASSIGNMENT_NEW) == {w["pupil"].pk, w["classmate"].pk}
    recipients = set(
        Notification.objects.filter(kind=K.ASSIGNMENT_NEW).values_list("recipient", flat=True)
    )
    assert recipients == {w["pupil"].user_id, w["classmate"].user_id, w["guardian"].user_id}
    (sms,) = sms_outbox
    assert w["pupil"].first_name_ar in sms.text and "واجب جديد" in sms.text
    # Postponed: saved again, nobody told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assigning.postpone(assignment, w["teacher"], next_school_day(5))
    assert Notification.objects.filter(kind=K.ASSIGNMENT_NEW).count() == 3
    assert len(sms_outbox) == 1


def test_the_day_before_it_is_due_families_are_reminded_once(school_world):
    w = school_world
    due = next_school_day(1)
    assignment = assigning.create_assignment(
        w["teacher"], classes=[w["taught"]], resources=[w["lesson"]], due_on=due
    )
    assert notices.due_tomorrow(today=due - datetime.timedelta(days=2)) == []
    created = notices.due_tomorrow(today=due - datetime.timedelta(days=1))
    assert {n.pupil_id for n in created} == {w["pupil"].pk, w["classmate"].pk}
    assert notices.due_tomorrow(today=due - datetime.timedelta(days=1)) == []
    assigning.withdraw(assignment, w["teacher"])
    Notification.objects.all().delete()
    assert notices.due_tomorrow(today=due - datetime.timedelta(days=1)) == []
    assert isinstance(notify_due_tomorrow_task.call(), int)
