"""A pupil signs in, opens semester 1 marks in Arabic, sees the chart, opens a shelf resource;
a guardian switches children and sees the other child's timetable."""

from pathlib import Path

import pytest
from django.utils import timezone

from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.catalog import make_resource
from tests.factories.records import make_slot, publish, put_tests, year_containing_today
from tests.factories.schools import (
    TEST_PASSWORD,
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

from .axe import assert_accessible

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
GUARDIAN_PAGES = [
    "/account/",
    "/account/marks/",
    "/account/timetable/",
    "/account/calendar/",
    "/account/absences/",
    "/account/requests/",
    "/account/requests/new/",
    "/account/messages/",
    "/account/messages/new/",
    "/account/notifications/",
    "/account/my-data/",
]


def sign_in(page, identifier: str) -> None:
    page.goto("/account/sign-in/")
    page.locator("input[name=identifier]").fill(identifier)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/account/")


def test_pupil_then_guardian_journeys(browser):
    """One test (one database flush): with serialized rollback, a second transactional test
    after non-browser tests in the same session would start without the migrations' rows."""
    pupil_reads_marks_and_opens_a_shelf_resource(browser)
    browser.context.clear_cookies()
    guardian_switches_children_and_sees_the_other_timetable(browser)


def pupil_reads_marks_and_opens_a_shelf_resource(browser):
    _home, library = ensure_site()
    ensure_roles(library)
    year = year_containing_today()
    school_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    pupil = make_pupil(school_class)
    classmate = make_pupil(school_class)
    put_tests(pupil, school_class, "mathematiques", "14", "15.5", None, None, "13")
    put_tests(pupil, school_class, "physique-chimie", "11.25", "abs")
    put_tests(classmate, school_class, "mathematiques", "9", "10")
    publish(school_class, 1)
    make_resource(
        library,
        title="الدوال الأسية",
        language="ar",
        subject="mathematiques",
        levels=("2BAC",),
        tracks=("sciences-physiques",),
    )
    give_pupil_account(pupil)
    page = browser
    sign_in(page, pupil.massar_code)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator('nav.space-nav a[href="/account/marks/"]').first.click()
    page.wait_for_url("**/account/marks/")
    semester_1 = page.locator('nav.semesters a[href="?semester=1"]')
    if semester_1.count():
        semester_1.click()
    assert page.locator("html").get_attribute("lang") == "ar"
    table = page.locator("table.marks").first
    assert "14,17" in table.inner_text()  # (14 + 15.5 + 13) / 3 = 14.1666… → 14.17
    chart = page.locator("svg.marks-chart")
    assert chart.count() == 1 and chart.get_attribute("direction") == "rtl"
    assert chart.locator("rect.chart-own > title").count() == 2  # one bar a subject
    assert chart.bounding_box()["width"] > 100
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "marks-ar.png"), full_page=True)
    page.goto("/account/")
    assert_accessible(page)
    page.locator("ul.shelf").get_by_role("link", name="الدوال الأسية").click()
    assert page.locator("h1").inner_text() == "الدوال الأسية"


def guardian_switches_children_and_sees_the_other_timetable(browser):
    year = year_containing_today()
    weekday = timezone.localdate().isoweekday()
    class_a = make_class(level="2BAC", track="sciences-physiques", year=year, name="2BAC-SP-A")
    class_b = make_class(level="3AC", track=None, year=year, name="3AC-B")
    first = make_pupil(class_a, first_name_ar="أمين", first_name_latin="Amine")
    second = make_pupil(class_b, first_name_ar="هدى", first_name_latin="Houda")
    make_slot(class_a, "philosophie", weekday=weekday, room="A-PHILO")
    make_slot(class_b, "technologie", weekday=weekday, room="B-TECHNO")
    guardian = make_guardian()
    link_guardian(guardian, first)
    link_guardian(guardian, second, relationship="mother")
    give_guardian_account(guardian)
    page = browser
    sign_in(page, guardian.cin)
    page.goto("/account/timetable/")
    first_room = "A-PHILO" if "A-PHILO" in page.content() else "B-TECHNO"
    other_room = "B-TECHNO" if first_room == "A-PHILO" else "A-PHILO"
    other_name = "هدى" if first_room == "A-PHILO" else "أمين"
    page.locator("nav.child-switcher").get_by_role("button", name=other_name).click()
    page.wait_for_url("**/account/timetable/")
    content = page.content()
    assert other_room in content and first_room not in content
    assert_accessible(page)
    # Every page of the guardian's space, on a phone and a desktop, in Arabic and French.
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        for prefix in ("", "/fr"):
            for path in GUARDIAN_PAGES:
                response = page.goto(prefix + path)
                assert response.status == 200, (prefix + path, response.status)
                assert_accessible(page)
