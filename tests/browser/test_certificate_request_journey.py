"""A guardian asks for a school certificate, the school's staff give an appointment in the
admin, and the guardian sees the appointment — in Chromium, without a line of our own JS."""

import datetime

import pytest

from portal_auth.models import DocumentRequest
from tests.factories.desk import desk_staff, family
from tests.factories.schools import TEST_PASSWORD

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guardian_requests_a_certificate_and_sees_the_appointment(browser):
    school, pupil, guardian, _user = family()
    staff = desk_staff(school)
    page = browser

    # The guardian signs in and asks for a certificate.
    page.goto("/account/sign-in/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_identifier", guardian.cin)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.locator("a[href$='/account/requests/new/']").first.click()
    assert_accessible(page)
    page.locator("input[name=kind][value=certificate]").check()
    page.fill("#id_note", "للمنحة")
    page.locator("form.account-form button[type=submit]").click()
    assert page.locator("#request-status").count() == 1
    assert page.locator("#appointment").count() == 0
    request = DocumentRequest.objects.get()
    assert request.pupil == pupil and request.status == DocumentRequest.Status.PENDING
    guardian_url = page.url

    # A member of the school's staff gives the first free slot in the admin.
    staff_context = page.context.browser.new_context(base_url=page.live_server_url)
    desk = staff_context.new_page()
    desk.goto("/admin/login/")
    desk.fill("input[name=username]", staff.username)
    desk.fill("input[name=password]", TEST_PASSWORD)
    desk.locator("form button[type=submit]").first.click()
    desk.goto("/admin/requests/")
    desk.locator(f"a[href$='/admin/requests/{request.pk}/']").click()
    proposed = desk.locator("input[name=slot]").first.get_attribute("value")
    desk.locator("form:has(input[value=schedule]) button[type=submit]").click()
    staff_context.close()

    request.refresh_from_db()
    assert request.status == DocumentRequest.Status.SCHEDULED
    assert request.slot.starts_at == datetime.datetime.fromisoformat(proposed)

    # The guardian sees the appointment.
    page.goto(guardian_url)
    appointment = page.locator("#appointment time").get_attribute("datetime")
    assert datetime.datetime.fromisoformat(appointment) == request.slot.starts_at
    page.locator("a[href$='/account/requests/']").first.click()
    assert page.locator("table.requests time").count() == 1
    assert_accessible(page)
