"""A pupil plays a video of an assignment, stops, comes back later: the page offers to continue
where they left off, and the link starts the video there."""

from __future__ import annotations

import time

import pytest

from assignments import assigning
from assignments.models import PupilProgress, Teaching
from catalog.site_setup import ensure_site
from library.school_calendar import is_school_day
from tests.browser.axe import assert_accessible
from tests.catalog.media_pages import publish_media_resource
from tests.factories.media import make_asset
from tests.factories.records import year_containing_today
from tests.factories.schools import (
    TEST_PASSWORD,
    give_pupil_account,
    make_class,
    make_pupil,
    make_school,
    make_staff,
)
from tests.media_pipeline.samples import make_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assigned_video(tmp_path, settings):
    import datetime

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path / "media"
    asset = make_asset(make_video(tmp_path / "lesson.mp4", seconds=10), title="Optique")
    asset.refresh_from_db()
    assert asset.is_ready, asset.error_message
    _home, library = ensure_site()
    video = publish_media_resource(library, asset, title="Optique géométrique")
    year = year_containing_today()
    school = make_school()
    school_class = make_class(school, level="1BAC", year=year)
    teacher = make_staff("teacher", school)
    Teaching.objects.create(teacher=teacher, school_class=school_class)
    pupil = make_pupil(school_class)
    give_pupil_account(pupil)
    due = timezone.localdate() + datetime.timedelta(days=2)
    while not is_school_day(due):
        due += datetime.timedelta(days=1)
    assigning.create_assignment(teacher, classes=[school_class], resources=[video], due_on=due)
    return video, pupil


def position(pupil, video) -> int:
    row = PupilProgress.objects.filter(pupil=pupil, resource=video).first()
    return row.position_seconds if row else 0


def test_the_place_is_kept_and_the_link_continues_there(browser, assigned_video):
    video, pupil = assigned_video
    page = browser
    page.goto("/account/sign-in/")
    page.locator("input[name=identifier]").fill(pupil.massar_code)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/account/")

    page.goto(video.url)
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video').currentTime > 3", timeout=20_000)
    page.evaluate("() => document.querySelector('video').pause()")
    deadline = time.monotonic() + 10
    while position(pupil, video) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    kept = position(pupil, video)
    assert kept >= 3

    page.goto(video.url)
    link = page.locator(".media-resume a")
    assert link.get_attribute("href") == f"?t={kept}"
    assert_accessible(page)
    link.click()  # the script seeks in place: no new page
    page.wait_for_function(
        f"() => document.querySelector('video').currentTime >= {kept - 0.5}", timeout=20_000
    )
    assert "?t=" not in page.url

    page.goto(f"{video.url}?t={kept}")  # what the link does without JavaScript
    sources = page.eval_on_selector_all("video source", "els => els.map(e => e.src)")
    assert sources and all(src.endswith(f"#t={kept}") for src in sources)
