"""The pupil's and guardian's first page: its content, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories.catalog import make_resource
from tests.factories.records import (
    make_absence,
    make_assessment,
    make_slot,
    publish,
    put_tests,
    year_containing_today,
)
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _arabic():
    """URLs are reversed and pages read in Arabic, whatever an earlier test left active."""
    with translation.override("ar"):
        yield


SUBJECTS = ["mathematiques", "physique-chimie", "svt", "philosophie", "anglais", "arabe"]


def fill(school_class, pupil, subjects, library=None):
    """Marks, a timetable for today, upcoming tests, absences and resources."""
    today = timezone.localdate()
    for n, slug in enumerate(subjects):
        put_tests(pupil, school_class, slug, "12", "13.5", "abs", "15", "16")
        make_slot(
            school_class,
            slug,
            weekday=today.isoweekday(),
            start=f"{8 + n:02d}:00",
            end=f"{8 + n:02d}:55",
        )
        make_assessment(school_class, slug, date=today + datetime.timedelta(days=n + 1))
        if library is not None:
            make_resource(library, subject=slug, levels=("2BAC",), tracks=("sciences-physiques",))
    for n in range(len(subjects)):
        day = school_class.year.starts_on + datetime.timedelta(days=7 * n + 1)
        make_absence(pupil, date=day)
    publish(school_class)


def count_queries(client, user) -> tuple[int, str]:
    client.logout()
    client.force_login(user)
    client.get(reverse("portal_auth:home"))  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal_auth:home"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_pupil_space_shows_today_tests_marks_absences_and_shelf(client, library):
    year = year_containing_today()
    school_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    pupil = make_pupil(school_class)
    fill(school_class, pupil, SUBJECTS[:2], library)
    make_resource(library, title="Other level", subject="svt", levels=("3AC",))
    make_resource(
        library, title="Other track", subject="philosophie", levels=("2BAC",), tracks=("lettres",)
    )
    make_resource(library, title="Draft", subject="svt", levels=("2BAC",), publish=False)
    _n, page = count_queries(client, give_pupil_account(pupil))
    assert "08:00" in page and "الرياضيات" in page
    assert "16,00" in page  # latest mark, decimal comma
    assert "Other level" not in page and "Other track" not in page and "Draft" not in page
    assert page.count('<ul class="shelf">') == 1 and "Ressource" in page


def test_unpublished_marks_never_reach_the_overview(client):
    year = year_containing_today()
    school_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "mathematiques", "17.75")
    _n, page = count_queries(client, give_pupil_account(pupil))
    assert "17,75" not in page


def test_pupil_space_query_count_does_not_grow_with_data(client, library):
    year = year_containing_today()
    small_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    small = make_pupil(small_class)
    fill(small_class, small, SUBJECTS[:1], library)
    big_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    big = make_pupil(big_class)
    fill(big_class, big, SUBJECTS, library)
    small_count, _ = count_queries(client, give_pupil_account(small))
    big_count, _ = count_queries(client, give_pupil_account(big))
    assert small_count == big_count


def test_guardian_space_query_count_does_not_grow_with_children(client, library):
    year = year_containing_today()
    one = make_guardian()
    many = make_guardian()
    for guardian, children in ((one, 1), (many, 4)):
        for _ in range(children):
            school_class = make_class(level="2BAC", track="sciences-physiques", year=year)
            child = make_pupil(school_class)
            fill(school_class, child, SUBJECTS[:2])
            link_guardian(guardian, child)
    one_count, _ = count_queries(client, give_guardian_account(one))
    many_count, page = count_queries(client, give_guardian_account(many))
    assert one_count == many_count
    assert page.count('class="child-switcher"') == 1


def _latest_marks_section(page: str) -> str:
    start = page.index('id="ov-marks"')
    return page[start : page.index("</section>", start)]


def test_latest_marks_come_newest_first_with_their_date(client):
    """«آخر النقط» is the newest marks first: a mark entered today before last week's, and within
    one publication the later test before the earlier; each line says when."""
    year = year_containing_today()
    school_class = make_class(level="2BAC", track="sciences-physiques", year=year)
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "mathematiques", "11", "12")
    put_tests(pupil, school_class, "philosophie", "13", "14")
    publish(school_class)
    from portal_auth.models import Mark, SemesterPublication

    week_ago = timezone.now() - datetime.timedelta(days=7)
    SemesterPublication.objects.update(published_at=week_ago)
    Mark.objects.update(updated_at=week_ago)
    Mark.objects.filter(subject__slug="philosophie", component="test_2").update(
        updated_at=timezone.now()
    )
    _n, page = count_queries(client, give_pupil_account(pupil))
    section = _latest_marks_section(page)
    order = [section.index(v) for v in ("14,00", "12,00", "11,00", "13,00")]
    assert order == sorted(order), section
    today = timezone.localdate()
    assert f'<time datetime="{today.isoformat()}"' in section


def test_one_navigation_bar_at_the_top_of_every_space_page(client):
    """The space's links are in the header's one navigation bar, not again mid-page."""
    year = year_containing_today()
    pupil = make_pupil(make_class(level="2BAC", track="sciences-physiques", year=year))
    user = give_pupil_account(pupil)
    client.force_login(user)
    for name in ("home", "marks", "absences"):
        page = client.get(reverse(f"portal_auth:{name}")).content.decode()
        marks_link = f'href="{reverse("portal_auth:marks")}"'
        header = page[: page.index("</header>")]
        assert marks_link in header, name
        assert page.count("space-nav") == 1, name
        assert f'href="{reverse(f"portal_auth:{name}")}" aria-current="page"' in header
