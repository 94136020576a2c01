"""The player include: sources ordered by the data-saver preference, links that need no JS."""

from __future__ import annotations

import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.test import RequestFactory

from media_pipeline.models import MediaAsset
from tests.factories.media import make_asset

pytestmark = pytest.mark.django_db


def render(asset: MediaAsset, query: str = "", cookies: dict | None = None, **headers) -> str:
    request = RequestFactory().get("/fr/library/lesson/" + query, **headers)
    request.COOKIES.update(cookies or {})
    return render_to_string("media_pipeline/player.html", {"asset": asset}, request=request)


def sources(html: str) -> list[str]:
    return re.findall(r'<source src="([^"]+)"', html)


@pytest.fixture
def video_asset(wide_video, media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(wide_video, title="Optique")
    asset.refresh_from_db()
    assert asset.is_ready
    return asset


def url_of(asset: MediaAsset, profile: str) -> str:
    return asset.renditions.get(profile=profile).url


def test_video_player_orders_sources_by_the_visitor_preference(video_asset, settings):
    html = render(video_asset)
    assert '<video controls preload="none"' in html
    assert 'poster="' in html
    order = sources(html)
    # Data saving is on by default: the smallest first.
    assert order[0] == url_of(video_asset, "datasaver")
    assert order[:3] == [url_of(video_asset, p) for p in ("datasaver", "360p", "480p")]
    assert 'type="video/mp4; codecs=&quot;avc1.4D401F, mp4a.40.2&quot;"' in html
    # Quality links, a listen-only link and the switch all work without JavaScript.
    assert 'href="?quality=480p"' in html and 'href="?listen=1"' in html
    assert "/media-files/data-saver/?on=0&amp;next=/fr/library/lesson/" in html
    # Download links per rendition with sizes in MB.
    for profile in ("datasaver", "360p", "480p", "audio_opus", "audio_aac"):
        assert f'{url_of(video_asset, profile)}?download=1" download' in html
    for rendition in video_asset.renditions.exclude(profile__in=("hls", "poster")):
        assert f"{filesizeformat(rendition.size)})" in html

    # The visitor turned data saving off: best first, the HLS playlist ahead of the MP4s.
    off = sources(render(video_asset, cookies={"maktaba_data_saver": "0"}))
    assert off[0] == url_of(video_asset, "hls")
    assert off[1] == url_of(video_asset, "480p") and off[-1] == url_of(video_asset, "datasaver")

    # Default off, but the browser says Save-Data: the smallest first again.
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "DATA_SAVER_DEFAULT": False}
    assert sources(render(video_asset))[0] == url_of(video_asset, "hls")
    assert sources(render(video_asset, HTTP_SAVE_DATA="on"))[0] == url_of(video_asset, "datasaver")

    # A chosen quality plays first and is marked.
    chosen = render(video_asset, "?quality=480p")
    assert sources(chosen)[0] == url_of(video_asset, "480p")
    size = filesizeformat(video_asset.renditions.get(profile="480p").size)
    assert f'<strong aria-current="true">480p ({size})</strong>' in chosen


def test_the_quality_playing_is_marked_and_every_choice_shows_its_size(video_asset):
    html = render(video_asset)  # data saving on by default: the smallest plays first
    choices = html[
        html.find("media-player__choices") : html.find("</p>", html.find("media-player__choices"))
    ]
    smallest = video_asset.renditions.get(profile="datasaver")
    assert (
        f'<strong aria-current="true">Data saver ({filesizeformat(smallest.size)})</strong>'
        in choices
    )
    for profile in ("360p", "480p"):
        rendition = video_asset.renditions.get(profile=profile)
        assert (
            f'href="?quality={profile}">{profile} ({filesizeformat(rendition.size)})</a>' in choices
        )
    assert choices.count('aria-current="true"') == 1


def test_listen_only_turns_a_video_lesson_into_sound(video_asset):
    html = render(video_asset, "?listen=1")
    assert "<video" not in html
    assert '<audio controls preload="none"' in html
    assert sources(html) == [url_of(video_asset, "audio_opus"), url_of(video_asset, "audio_aac")]
    assert 'href="?"' in html  # back to the video


def test_audio_resource_gets_an_audio_player(
    short_audio, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(short_audio, kind="audio")
    asset.refresh_from_db()
    html = render(asset)
    assert "<video" not in html and "?listen=1" not in html
    assert sources(html) == [url_of(asset, "audio_opus"), url_of(asset, "audio_aac")]
    assert 'type="audio/webm; codecs=&quot;opus&quot;"' in html
    # Data saving only orders video files: an audio lesson does not talk about it.
    assert "Data saver" not in html and "data-saver" not in html
    # How long it lasts, before pressing play.
    assert asset.duration
    seconds = round(asset.duration)
    duration = re.search(
        r'class="meta media-player__duration">[^<]*<time datetime="PT(\d+)S">([^<]+)</time>', html
    )
    assert duration and int(duration.group(1)) == seconds
    assert duration.group(2) == f"{seconds // 60}:{seconds % 60:02d}"


def test_ready_asset_without_renditions_never_offers_its_original(small_video, media_root):
    asset = make_asset(small_video)
    MediaAsset.objects.filter(pk=asset.pk).update(state=MediaAsset.State.READY)
    asset.refresh_from_db()
    html = render(asset)
    assert asset.original_url not in html
    assert "<video" not in html and "<audio" not in html
    assert "This recording is still being prepared. Please come back later." in html
