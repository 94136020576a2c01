"""A test or exam falls on a school day: Sunday is refused with a message saying why."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal_auth.validators import validate_school_day
from tests.factories.records import make_assessment
from tests.factories.schools import make_class

SUNDAY = datetime.date(2026, 12, 6)
SATURDAY = datetime.date(2026, 12, 5)


def test_sunday_is_not_a_school_day():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            validate_school_day(SUNDAY)
        assert "dimanche" in refused.value.messages[0].lower()
    validate_school_day(SATURDAY)  # Saturday mornings are taught


@pytest.mark.django_db
def test_a_test_on_a_sunday_is_refused_and_one_on_saturday_kept():
    school_class = make_class()
    sunday_test = make_assessment(school_class, "mathematiques", date=SUNDAY)
    with pytest.raises(ValidationError) as refused:
        sunday_test.full_clean()
    assert "date" in refused.value.message_dict
    make_assessment(school_class, "mathematiques", date=SATURDAY).full_clean()
