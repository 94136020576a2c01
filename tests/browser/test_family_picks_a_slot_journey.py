"""A guardian asks for a transcript and picks the appointment on the form itself, in Chromium
and without JavaScript of ours: the days are in Moroccan Arabic, the chosen time is booked."""

import datetime

import pytest

from portal_auth.models import AppointmentSlot, DocumentRequest
from tests.factories.desk import family
from tests.factories.schools import TEST_PASSWORD

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guardian_picks_the_appointment_on_the_request_form(browser):
    school, pupil, guardian, _user = family()
    page = browser
    page.goto("/account/sign-in/")
    page.fill("#id_identifier", guardian.cin)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.goto("/account/requests/new/")
    assert_accessible(page)
    days = page.locator("fieldset.slot-day legend")
    assert days.count() == 6
    assert "الأحد" not in page.locator("#slot-choice").inner_text()
    # The second day's third time.
    choice = page.locator("fieldset.slot-day").nth(1).locator("input[name=slot]").nth(2)
    chosen = choice.get_attribute("value")
    choice.check()
    page.locator("input[name=kind][value=transcript]").check()
    page.locator("form.account-form button[type=submit]").click()
    appointment = page.locator("#appointment time").get_attribute("datetime")
    request = DocumentRequest.objects.get()
    assert request.pupil == pupil and request.status == DocumentRequest.Status.SCHEDULED
    starts = datetime.datetime.fromisoformat(chosen)
    assert datetime.datetime.fromisoformat(appointment) == request.slot.starts_at == starts
    assert AppointmentSlot.objects.get(school=school, starts_at=starts).booked == 1
