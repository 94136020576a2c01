"""On a 390 px phone, the family's forms, a message thread and the marks page never scroll
sideways, in Arabic and in French."""

import pytest

from portal_auth.desk.school_messages import start_thread
from tests.factories.desk import open_every_day
from tests.factories.records import publish, put_tests, year_containing_today
from tests.factories.schools import (
    TEST_PASSWORD,
    give_guardian_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
)

from .chromium import ARTIFACTS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_family_pages_fit_a_390px_phone(browser):
    school = make_school()
    open_every_day(school)
    school_class = make_class(
        school, level="2BAC", track="sciences-physiques", year=year_containing_today()
    )
    pupil = make_pupil(school_class)
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    user = give_guardian_account(guardian)
    put_tests(pupil, school_class, "mathematiques", "14", "15.5", "13")
    put_tests(pupil, school_class, "physique-chimie", "11.25", "abs")
    for _ in range(3):  # enough pupils for the class columns
        classmate = make_pupil(school_class)
        put_tests(classmate, school_class, "mathematiques", "9", "12")
        put_tests(classmate, school_class, "physique-chimie", "10", "8")
    publish(school_class, 1)
    thread = start_thread(user, pupil, "question", "Horaires de la cantine", "Bonjour " * 60)
    page = browser
    page.set_viewport_size(PHONE)
    page.goto("/account/sign-in/")
    page.locator("input[name=identifier]").fill(guardian.cin)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/account/")
    for prefix in ("", "/fr"):
        for path in (
            "/account/requests/new/",
            "/account/messages/new/",
            f"/account/messages/{thread.pk}/",
            "/account/marks/?semester=1",
        ):
            response = page.goto(prefix + path)
            assert response.status == 200, prefix + path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (prefix + path, width)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"marks-phone-{prefix.strip('/') or 'ar'}.png"), full_page=True
        )
        average = page.locator(".marks-summary")
        assert average.is_visible() and average.bounding_box()["y"] < page.viewport_size["height"]
