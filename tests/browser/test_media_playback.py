"""A pupil opens a video resource: Chromium plays the data-saver rung, fetched by byte ranges."""

from __future__ import annotations

import pytest

from catalog.site_setup import ensure_site
from tests.catalog.media_pages import publish_media_resource
from tests.factories.media import make_asset
from tests.media_pipeline.samples import make_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def video_resource(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_video(tmp_path / "lesson.mp4", width=320, height=240, seconds=4)
    # Outside a transaction the upload hook runs at once: probe, then every rung.
    asset = make_asset(source, title="Optique")
    asset.refresh_from_db()
    assert asset.is_ready, asset.error_message
    _home, library = ensure_site()
    return publish_media_resource(library, asset, title="Optique géométrique"), asset


def test_resource_page_plays_the_data_saver_rung(browser, video_resource):
    page, asset = video_resource
    datasaver = asset.renditions.get(profile="datasaver")
    media_responses = []
    browser.on(
        "response",
        lambda response: (
            media_responses.append(
                (response.url, response.status, response.request.headers.get("range"))
            )
            if "/media-files/" in response.url
            else None
        ),
    )
    browser.goto(page.url)
    video = browser.locator("video")
    assert video.get_attribute("preload") == "none"
    browser.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    browser.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.5", timeout=20_000
    )
    assert browser.evaluate("() => document.querySelector('video').currentSrc").endswith(
        datasaver.url
    )
    ranged = [r for r in media_responses if datasaver.url in r[0] and r[1] == 206]
    assert ranged, media_responses
    assert all(r[2] and r[2].startswith("bytes=") for r in ranged)
